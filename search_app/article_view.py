"""What an article page shows beside the text: programs recommended for its careers (a first few
after the introduction, more further down) and guides to read next, all from ``recommend``.

The place is the reader's own: only a ``near`` in the page's query string, never a guess from the
client's address. A place that cannot be found is said, and the programs are shown without it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from flask import current_app

from indexer.models import Document
from search_app.query import MAX_VALUE_CHARS, QueryError, SearchQuery, clean_text
from search_app.recommend import Guide, Recommender, RecommendRequest
from search_app.results import Hit
from search_app.search import service_of

FIRST = 4  # "Recommended programs", after the introduction
MORE = 4  # "More recommendations", after the middle of the body
INTRO_PARAGRAPHS = 1  # body paragraphs after the lede that belong to the introduction


@dataclass
class ArticleRecommendations:
    careers: list[str]
    first: list[Hit]
    more: list[Hit]
    guides: list[Guide]
    near: str | None  # the place as the search understood it ("Newark, NJ")
    asked: str = ""  # the place as the reader typed it, to refill the form
    total: int = 0
    notes: list[str] = field(default_factory=list)
    all_query: SearchQuery | None = None  # the search that lists every recommended program


@dataclass
class ArticleBody:
    """The body split where the recommendations go."""

    intro: list[str]
    middle: list[str]
    rest: list[str]


def split_body(paragraphs: list[str]) -> ArticleBody:
    """Introduction, then up to the middle of what is left, then the rest."""
    intro = paragraphs[:INTRO_PARAGRAPHS]
    remaining = paragraphs[INTRO_PARAGRAPHS:]
    middle = (len(remaining) + 1) // 2
    return ArticleBody(intro, remaining[:middle], remaining[middle:])


def place_asked(raw: str | None) -> str | None:
    return clean_text(raw or "")[:MAX_VALUE_CHARS] or None


def recommender() -> Recommender:
    """The app's one cached recommender (the API's ``/recommend`` uses the same)."""
    found: Recommender = current_app.extensions.setdefault("recommend", Recommender(service_of()))
    return found


def article_recommendations(doc: Document, near: str | None) -> ArticleRecommendations | None:
    """Recommendations for an article with careers; ``None`` for a program or a career-less page."""
    if doc.kind != "article" or not doc.careers:
        return None
    wanted = RecommendRequest(doc=doc.id, near=near, per_page=FIRST + MORE)
    notes: list[str] = []
    try:
        answer = recommender().recommend(wanted)
    except QueryError:
        notes.append(
            f"We could not find the place “{near}”: showing programs anywhere. "
            "Try a city and state (Newark, NJ) or a ZIP code."
        )
        answer = recommender().recommend(replace(wanted, near=None))
    place = answer.near["place"] if answer.near else None
    hits = [replace(r.program, snippet="") for r in answer.programs]
    careers = tuple(answer.careers)
    all_query = SearchQuery(careers=careers, kinds=("program",))
    if place:
        all_query = all_query.with_(near=place)
    return ArticleRecommendations(
        careers=answer.careers,
        first=hits[:FIRST],
        more=hits[FIRST:],
        guides=answer.related,
        near=place,
        asked=near or "",
        total=answer.total,
        notes=notes + answer.notes,
        all_query=all_query,
    )
