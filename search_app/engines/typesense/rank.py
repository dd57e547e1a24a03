"""Relevance on Typesense: its text ranking, then our ranking intent on top.

Typesense ranks by text match; the bonuses that the Whoosh engine scores inside its query (the
named career's tag, an exact title, both careers of a comparison, the kind the query asks for,
nearness to the place) are added here to the first candidates, which are then re-sorted. The
text part is the candidate's text-match level (best 10, evenly down to 0), so a bonus can lift
a document over one with a slightly better text match, as in the Whoosh engine's scores.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from indexer.geo import miles
from indexer.taxonomy import fold
from search_app.engines.common.ranking import (
    ANYWHERE_TITLE_BONUS,
    CAREER_TAG_BOOST,
    COMPARISON_BONUS,
    INTENT_TITLE_BONUS,
    PLACE_TITLE_BONUS,
    TITLE_PHRASE_BONUS,
    anywhere_question,
    avoid_terms,
    geo_factor,
    intent_terms,
    intent_title_kind,
    place_title_terms,
    question_careers,
    state_terms,
    title_phrase,
    wanted_kind,
)
from search_app.engines.common.terms import terms_of
from search_app.engines.types import Interpretation

TEXT_WEIGHT = 10.0


@dataclass
class Candidate:
    key: str  # Typesense's id
    kind: str
    title: str
    careers: list[str]
    geo: tuple[float, float] | None
    text_match: int
    score: float = 0.0
    parts: dict[str, float] = field(default_factory=dict)

    @classmethod
    def of(cls, hit: dict[str, Any]) -> Candidate:
        doc = hit.get("document", {})
        geo = doc.get("location_geo")
        return cls(
            key=str(doc["id"]),
            kind=str(doc.get("kind", "")),
            title=str(doc.get("title", "")),
            careers=[str(c) for c in doc.get("careers") or []],
            geo=(float(geo[0]), float(geo[1])) if geo else None,
            text_match=int(hit.get("text_match") or 0),
        )


def _stems(text: str) -> list[str]:
    return [t for word in fold(text).split() for t in terms_of(word)]


def _has_phrase(title: str, phrase: list[str]) -> bool:
    return f" {' '.join(phrase)} " in f" {' '.join(_stems(title))} "


def rank(interp: Interpretation, candidates: list[Candidate], sort: str) -> list[Candidate]:
    """Score every candidate; for relevance, sort by score (ties keep Typesense's order)."""
    levels = sorted({c.text_match for c in candidates}, reverse=True)
    level = {value: n for n, value in enumerate(levels)}
    phrase = title_phrase(interp)
    answers = set(intent_terms(interp))
    kind, kind_bonus = wanted_kind(interp)
    scope = set(question_careers(interp))
    named = set(place_title_terms(interp))
    title_kind = intent_title_kind(interp)
    avoid = set(avoid_terms(interp))
    anywhere = set(state_terms()) if anywhere_question(interp) else None
    place = interp.place
    geo = (
        sort == "relevance"
        and place is not None
        and place.lat is not None
        and place.lon is not None
        and not place.state_only
    )
    for candidate in candidates:
        parts = {"text": round(TEXT_WEIGHT * (1 - level[candidate.text_match] / len(levels)), 3)}
        if set(interp.careers) & set(candidate.careers):
            parts["career"] = CAREER_TAG_BOOST
        if len(phrase) >= 2 and _has_phrase(candidate.title, phrase):
            parts["title_exact"] = TITLE_PHRASE_BONUS
        if (
            interp.comparison
            and len(interp.careers) >= 2
            and set(interp.careers) <= set(candidate.careers)
        ):
            parts["comparison"] = COMPARISON_BONUS
        in_scope = not scope or bool(scope & set(candidate.careers))
        stems = set(_stems(candidate.title))
        if kind is not None and candidate.kind == kind and in_scope:
            parts["intent"] = kind_bonus
        answering = bool(answers & stems) and not avoid & stems
        if answering and in_scope and title_kind in (None, candidate.kind):
            parts["intent_title"] = INTENT_TITLE_BONUS
        general = anywhere is not None and not anywhere & stems
        if general and candidate.kind == "article" and in_scope:
            parts["anywhere_title"] = ANYWHERE_TITLE_BONUS
        if named and candidate.kind == "article" and named <= stems and in_scope:
            parts["place_title"] = PLACE_TITLE_BONUS
        total = sum(parts.values())
        if geo and place is not None and place.lat is not None and place.lon is not None:
            distance = miles((place.lat, place.lon), candidate.geo) if candidate.geo else None
            factor = geo_factor(distance, place.radius_miles)
            parts["geo_factor"] = round(factor, 3)
            total *= factor
        parts["total"] = round(total, 3)
        candidate.score = total
        candidate.parts = parts
    if sort != "relevance":
        return candidates
    order = {id(c): n for n, c in enumerate(candidates)}
    return sorted(candidates, key=lambda c: (-c.score, order[id(c)]))
