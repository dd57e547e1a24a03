"""From an interpretation to the Whoosh query that ranks: what must match, and what earns more.

Score = BM25F over the text fields (title 4 > careers 3 > summary 2 > provider, place 1.5 > body 1)
for the words that must match, plus the bonuses of ``engines.common.ranking``. Matching and
scoring run on arrays (``scoring``), with exactly these semantics; this query stays the reference,
and is what ``explain=1`` runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from whoosh import query as wq

from indexer.fields import FIELD_BOOSTS
from search_app.engines.common.ranking import (
    ANYWHERE_TITLE_BONUS,
    CAREER_TAG_BOOST,
    COMPARISON_BONUS,
    INTENT_TITLE_BONUS,
    PLACE_TITLE_BONUS,
    TITLE_PHRASE_BONUS,
    anywhere_question,
    avoid_terms,
    intent_terms,
    intent_title_kind,
    place_title_terms,
    question_careers,
    state_terms,
    title_phrase,
    wanted_kind,
)
from search_app.engines.common.terms import terms_of
from search_app.engines.types import Interpretation, Plan

# Where a career's typed words count as a phrase: every text field but the place's. The indexer
# marks career phrases as terms in these fields (indexer.phrases), so matching them is cheap.
CAREER_PHRASE_FIELDS = tuple(f for f in FIELD_BOOSTS if f != "place")


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


def _scoped(query: wq.Query, careers: list[str]) -> wq.Query:
    if not careers:
        return query
    return wq.And([query, wq.Or([wq.Term("careers", c) for c in careers])])


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
