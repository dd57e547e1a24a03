"""From an interpretation to the Whoosh query that ranks: what must match, and what earns more.

Score = BM25F over the text fields (title 4 > careers 3 > summary 2 > provider, place 1.5 > body 1)
for the words that must match, plus bonuses: the named career's tag, an exact title, both careers
of a comparison, the kind the query asks for (an article for "salary", a program for
"classes near newark") and a title that answers its question ("salary" for a pay question).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

import us
from whoosh import query as wq

from indexer.schema import FIELD_BOOSTS, analyzer
from search_app.questions import ARTICLE_INTENTS, AVOID_WORDS, COMPARE
from search_app.understand import Interpretation

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
# Where a career's typed words count as a phrase: every text field but the place's. The indexer
# marks career phrases as terms in these fields (indexer.phrases), so matching them is cheap.
CAREER_PHRASE_FIELDS = tuple(f for f in FIELD_BOOSTS if f != "place")
MAX_TERMS = 12  # a query's distinct words that count: more adds cost, not precision
_ANALYZER = analyzer()


def terms_of(text: str) -> list[str]:
    """The analysed (lowercased, stemmed, stop-word-free) terms of a text, without repeats."""
    out: list[str] = []
    for token in _ANALYZER(text):
        if token.text not in out:
            out.append(token.text)
    return out[:MAX_TERMS]


# (field, term, as a prefix?) -> the index's terms it stands for: completions of a word being typed
Expand = Callable[[str, str, bool], list[str]]


def term_query(
    term: str,
    *,
    prefix: bool = False,
    expand: Expand | None = None,
    near: tuple[str, ...] = (),
) -> wq.Query:
    """One term in any text field, with the field boosts; as a prefix for a word still being
    typed (with ``expand``, the engine's, its completions listed as terms, each scored as a
    word), or with its ``near`` spellings, each scored as the word itself would be."""
    if prefix and expand is not None:
        return wq.Or(
            [
                wq.Term(f, found, boost=b)
                for f, b in FIELD_BOOSTS.items()
                for found in expand(f, term, prefix)
            ]
        )
    if prefix:
        return wq.Or([wq.Prefix(f, term, boost=b) for f, b in FIELD_BOOSTS.items()])
    return wq.Or(
        [
            wq.Term(name, found, boost=boost)
            for name, boost in FIELD_BOOSTS.items()
            for found in (term, *near)
        ]
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
    return sorted({token.text for token in _ANALYZER(" ".join(STATE_TITLE_WORDS))})


def _scoped(query: wq.Query, careers: list[str]) -> wq.Query:
    if not careers:
        return query
    return wq.And([query, wq.Or([wq.Term("careers", c) for c in careers])])


@dataclass
class Plan:
    """How strictly to match: the relaxation ladder loosens these one at a time."""

    any_term: bool = False
    fuzzy: bool = False
    careers_required: bool = True
    prefixes: frozenset[str] = frozenset()  # terms still being typed: match as prefixes
    # With ``fuzzy``: known terms each word may stand for (a few words, a few terms each)
    near: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def near_of(self, term: str) -> tuple[str, ...]:
        """The near spellings a fuzzy plan allows for ``term`` (none: the word as typed)."""
        if not self.fuzzy:
            return ()
        return next((found for typed, found in self.near if typed == term), ())


@dataclass
class Ranking:
    query: wq.Query
    components: dict[str, wq.Query] = field(default_factory=dict)
    terms: set[str] = field(default_factory=set)  # for snippets


def career_clause(name: str, words: str) -> wq.Query:
    """The career's tag, or the words typed for it, as a phrase, in any text field ("medical
    assistant" must not match "Medical Administrative Assistant")."""
    typed = terms_of(words)
    clauses: list[wq.Query] = [wq.Term("careers", name, boost=CAREER_TAG_BOOST)]
    if len(typed) > 1:
        clauses += [wq.Phrase(f, typed, boost=FIELD_BOOSTS[f]) for f in CAREER_PHRASE_FIELDS]
    elif typed:
        clauses.append(term_query(typed[0]))
    return wq.Or(clauses)


def geo_factor(distance: float | None, radius: int) -> float:
    """Nearer programs first among the relevant ones: up to twice the score at the centre."""
    if distance is None:
        return 1.0
    return 1.0 + max(0.0, 1.0 - distance / max(radius, 1))


def build(interp: Interpretation, plan: Plan, expand: Expand | None = None) -> Ranking:
    words = terms_of(interp.text)
    text_parts = [
        term_query(t, prefix=t in plan.prefixes, expand=expand, near=plan.near_of(t)) for t in words
    ]
    careers = [career_clause(c, interp.career_words.get(c, c)) for c in interp.careers]
    must: list[wq.Query] = []
    if text_parts:
        must.append(wq.Or(text_parts) if plan.any_term else wq.And(text_parts))
    career_match: wq.Query | None = None
    if careers:
        career_match = careers[0] if len(careers) == 1 else wq.Or(careers)
        if plan.careers_required:
            must.append(career_match)
    bonuses: dict[str, wq.Query] = {}
    if career_match is not None and not plan.careers_required:
        bonuses["career"] = career_match
    phrase = title_phrase(interp)
    if len(phrase) >= 2:
        bonuses["title_exact"] = wq.ConstantScoreQuery(
            wq.Phrase("title", phrase), TITLE_PHRASE_BONUS
        )
    if interp.comparison and len(interp.careers) >= 2:
        both = wq.And([wq.Term("careers", c) for c in interp.careers])
        bonuses["comparison"] = wq.ConstantScoreQuery(both, COMPARISON_BONUS)
    scope = question_careers(interp)
    kind, bonus = wanted_kind(interp)
    if kind is not None:
        bonuses["intent"] = wq.ConstantScoreQuery(_scoped(wq.Term("kind", kind), scope), bonus)
    answers = intent_terms(interp)
    title_kind = intent_title_kind(interp)
    if answers:
        titled = wq.Or([wq.Term("title", t) for t in answers])
        if title_kind is not None:
            titled = wq.And([titled, wq.Term("kind", title_kind)])
        avoid = avoid_terms(interp)
        if avoid:
            titled = wq.And([titled, wq.Not(wq.Or([wq.Term("title", t) for t in avoid]))])
        bonuses["intent_title"] = wq.ConstantScoreQuery(_scoped(titled, scope), INTENT_TITLE_BONUS)
    if anywhere_question(interp):
        general = wq.And(
            [
                wq.Term("kind", "article"),
                wq.Not(wq.Or([wq.Term("title", t) for t in state_terms()])),
            ]
        )
        bonuses["anywhere_title"] = wq.ConstantScoreQuery(
            _scoped(general, scope), ANYWHERE_TITLE_BONUS
        )
    named = place_title_terms(interp)
    if named:
        titled = wq.And([wq.Term("kind", "article"), *(wq.Term("title", t) for t in named)])
        bonuses["place_title"] = wq.ConstantScoreQuery(_scoped(titled, scope), PLACE_TITLE_BONUS)
    required: wq.Query = wq.And(must) if len(must) > 1 else must[0] if must else wq.Every()
    query = wq.AndMaybe(required, wq.Or(list(bonuses.values()))) if bonuses else required
    components = {"text": wq.And(text_parts)} if text_parts else {}
    for n, clause in enumerate(careers):
        components[f"career:{interp.careers[n]}"] = clause
    components.update(bonuses)
    return Ranking(query=query, components=components, terms=set(words) | set(phrase))
