"""Ranking intent every engine applies: what earns a bonus beyond the words' text score.

The text score (BM25F in Whoosh, text match in Typesense) ranks the words that must match; on top
come bonuses: the named career's tag, an exact title, both careers of a comparison, the kind the
query asks for (an article for "salary", a program for "classes near newark"), a title that
answers its question ("salary" for a pay question), and nearness to the place. Each engine turns
these into its own query or re-ranking (``engines.whoosh.query``, ``engines.typesense.rank``).
"""

from __future__ import annotations

import functools

import us

from indexer import analysis
from search_app.engines.common.terms import terms_of
from search_app.engines.types import Interpretation
from search_app.intents import ARTICLE_INTENTS, AVOID_WORDS, COMPARE

CAREER_TAG_BOOST = 6.0
TITLE_PHRASE_BONUS = 8.0
COMPARISON_BONUS = 15.0
INTENT_BONUS = 3.0
QUESTION_KIND_BONUS = 150.0  # the kind that answers a question: above any text score
COMPARE_KIND_BONUS = 40.0  # per career compared: an article on one of them answers less
INTENT_TITLE_BONUS = 100.0  # a title that answers the question ("salary" for pay): first
PLACE_TITLE_BONUS = 30.0  # an answering article whose title names the question's place
ANYWHERE_TITLE_BONUS = 30.0  # with no place asked: an article whose title names no state
# A word of each state's name that names it in a title ("jersey" of New Jersey).
STATE_TITLE_WORDS = tuple(
    sorted({str(state.name).split()[-1].lower() for state in us.states.STATES_AND_TERRITORIES})
)


def title_phrase(interp: Interpretation) -> list[str]:
    """The words whose phrase in a title earns a bonus: all that was typed, unless the query
    asks a question (a title that is only the career's name does not answer it)."""
    if interp.intent is not None:
        return []
    return terms_of(" ".join([interp.text, *interp.career_words.values()]))


def wanted_kind(interp: Interpretation) -> tuple[str | None, float]:
    """The kind a query asks for ("salary": an article; "classes near newark": a program) and
    its bonus, larger when a question asks it (the article that answers comes first)."""
    bonus = INTENT_BONUS
    if interp.intent == COMPARE:
        bonus = COMPARE_KIND_BONUS * max(1, len(interp.careers))
    elif interp.intent is not None:
        bonus = QUESTION_KIND_BONUS
    if interp.article_intent and not interp.program_intent:
        return "article", bonus
    if interp.program_intent and not interp.article_intent:
        return "program", bonus
    return None, 0.0


def intent_terms(interp: Interpretation) -> list[str]:
    """The analysed title words of the documents that answer the query's question."""
    return terms_of(" ".join(interp.intent_words)) if interp.intent_words else []


def question_careers(interp: Interpretation) -> list[str]:
    """The careers whose documents a question's bonuses go to (all documents when none)."""
    return list(interp.careers) if interp.intent is not None else []


def place_title_terms(interp: Interpretation) -> list[str]:
    """The analysed words of the place of a question answered by articles ("new jersey")."""
    place = interp.place
    return terms_of(place.name) if place is not None and place.any_article else []


def avoid_terms(interp: Interpretation) -> list[str]:
    """Title words of documents that answer another question (a salary guide for "what does a
    phlebotomist do"): their titles earn no answer bonus."""
    words = AVOID_WORDS.get(interp.intent or "", ())
    return terms_of(" ".join(words)) if words else []


def intent_title_kind(interp: Interpretation) -> str | None:
    """The kind whose titles can answer the question: articles, unless it asks for a course
    (a renewal: a refresher program answers as well as an article)."""
    return "article" if interp.intent in ARTICLE_INTENTS else None


def anywhere_question(interp: Interpretation) -> bool:
    """A question answered by articles that names no place: a general article is better than
    one about a state ("how long is emt school" is not about New York)."""
    return interp.intent in ARTICLE_INTENTS and interp.place is None


@functools.cache
def state_terms() -> list[str]:
    """The analysed state words (all of them: ``terms_of`` keeps a query's first few)."""
    return sorted(set(analysis.stems(" ".join(STATE_TITLE_WORDS))))


def geo_factor(distance: float | None, radius: int) -> float:
    """Nearer programs first among the relevant ones: up to twice the score at the centre."""
    if distance is None:
        return 1.0
    return 1.0 + max(0.0, 1.0 - distance / max(radius, 1))
