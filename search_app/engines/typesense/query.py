"""From an interpretation, a plan and a request to Typesense's search parameters.

The words left to match (and, for one named career, the career's words) go into ``q``, which
must match whole; careers, the place, online, cost and length, and the person's facet filters
go into ``filter_by``. Every value is put between backticks, and a value that holds a backtick
(which ``filter_by`` cannot express) matches nothing, as it would in the Whoosh engine.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape
from typing import Any

import us

from indexer.backends.typesense.schema import TEXT_FIELDS, TEXT_WEIGHTS
from indexer.taxonomy import Taxonomy, fold
from search_app.engines.common.terms import terms_of
from search_app.engines.types import Interpretation, PlaceFilter, Plan
from search_app.query import SearchQuery

NOTHING = "kind:=[`none`]"  # a clause no document matches
MENTION_FIELDS = ("title", "summary", "body")  # where an article mentions a place
CAREER_FIELDS = ("title", "career_terms", "summary", "provider", "body")
MAX_FACET_VALUES = 1000
RERANK_DEPTH = 250  # Typesense's largest page: the candidates that relevance bonuses re-rank
ALWAYS = 10_000  # a threshold no result count reaches: always look for typos, drop words
# Ties go in write order, as they do in the Whoosh index (its document numbers).
SORTS = {
    "cost": "cost_sort:asc,seq:asc",
    "duration": "duration_sort:asc,seq:asc",
    "newest": "published_sort:desc,seq:asc",
}


def quoted(value: str) -> str | None:
    return None if "`" in value else f"`{value}`"


def one_of(field: str, values: Iterable[str]) -> str:
    """``field`` is exactly one of ``values``."""
    found = [q for v in values if (q := quoted(v)) is not None]
    return f"{field}:=[{', '.join(found)}]" if found else NOTHING


def content_words(text: str) -> list[str]:
    """The words of ``text`` that the Whoosh analyzer keeps (no stop words, no single letters)."""
    return [w for w in fold(text).split() if terms_of(w)]


def mention(fields: Iterable[str], words: Iterable[str]) -> str | None:
    """Every word in one of ``fields`` (a word match, not a phrase)."""
    text = " ".join(content_words(" ".join(words)))
    if not text:
        return None
    return "(" + " || ".join(f"{f}:`{text}`" for f in fields) + ")"


def articles_mentioning(words: Iterable[str]) -> str | None:
    found = mention(MENTION_FIELDS, words)
    return f"(kind:=[`article`] && {found})" if found else None


def join(clauses: Iterable[str | None]) -> str:
    return " && ".join(f"({c})" for c in clauses if c)


def matched_term(taxonomy: Taxonomy, name: str, typed: str) -> str:
    """The taxonomy's own term behind what was typed ("cnas" -> "cna")."""
    career = taxonomy.get(name)
    if career is None:
        return fold(name)
    for term in career.terms:
        folded = fold(term)
        if folded in (typed, typed.removesuffix("s"), typed.removesuffix("es")):
            return folded
    return fold(career.name)


def career_clause(interp: Interpretation, taxonomy: Taxonomy) -> str | None:
    """A named career matches by its tag, or by its words in the text (any named career)."""
    if not interp.careers:
        return None
    parts = [one_of("careers", interp.careers)]
    for name in interp.careers:
        typed = fold(interp.career_words.get(name, name))
        for words in dict.fromkeys([typed, matched_term(taxonomy, name, typed)]):
            found = mention(CAREER_FIELDS, [words])
            if found:
                parts.append(found)
    return "(" + " || ".join(parts) + ")"


def place_clause(place: PlaceFilter) -> str:
    """Programs in the place (within its radius when it has coordinates), and articles that
    mention it."""
    if place.state_only:
        state = us.states.lookup(place.label)
        words = [str(state.name)] if state else list(place.words)
        programs = one_of("state", [place.label])
    elif place.lat is None or place.lon is None:
        words = [place.label.split(", ")[0]]
        programs = one_of("location", [place.label])
    else:
        words = [place.label.split(", ")[0]]
        radius = max(1, place.radius_miles)
        programs = f"location_geo:({place.lat:.6f}, {place.lon:.6f}, {radius} mi)"
    articles = one_of("kind", ["article"]) if place.any_article else articles_mentioning(words)
    return f"({programs} || {articles})" if articles else programs


def derived_clauses(interp: Interpretation) -> dict[str, str]:
    """What the words implied: a place, online, a cost and a length limit."""
    out: dict[str, str] = {}
    if interp.place is not None:
        out["place"] = place_clause(interp.place)
    if interp.online:
        articles = articles_mentioning(["online"])
        out["online"] = f"({one_of('format', ['online'])} || {articles})"
    if interp.max_cost is not None:
        out["cost"] = f"cost_usd:<={int(interp.max_cost)}"
    if interp.max_weeks is not None:
        out["length"] = f"duration_weeks:<={int(interp.max_weeks)}"
    return out


def explicit_clauses(query: SearchQuery) -> dict[str, str]:
    """The person's facet filters, by index field."""
    return {name: one_of(name, values) for name, values in query.filters().items() if values}


def query_words(interp: Interpretation, plan: Plan, taxonomy: Taxonomy) -> list[str]:
    """The words ``q`` must match: the words left, after the one named career's own words, so
    that a word still being typed stays last. Stop words go, as the Whoosh analyzer drops them."""
    words = content_words(interp.text)
    if len(interp.careers) == 1 and plan.careers_required and not plan.any_term:
        name = interp.careers[0]
        typed = fold(interp.career_words.get(name, name))
        term = matched_term(taxonomy, name, typed)
        career = [w for w in content_words(term) if w not in words]
        words = career + words
    return list(dict.fromkeys(words))


def text_params(words: list[str], plan: Plan) -> dict[str, Any]:
    """How ``q`` matches: every word whole (no typos, no dropped words) unless the plan loosens
    it; a word still being typed as a prefix."""
    prefix = bool(words) and words[-1] in plan.prefixes
    return {
        "q": " ".join(words) or "*",
        "query_by": ",".join(TEXT_FIELDS),
        "query_by_weights": ",".join(str(w) for w in TEXT_WEIGHTS),
        "prefix": "true" if prefix else "false",
        "num_typos": 2 if plan.fuzzy else 0,
        "min_len_1typo": 5,
        "min_len_2typo": 8,
        "typo_tokens_threshold": ALWAYS if plan.fuzzy else 1,
        "drop_tokens_threshold": ALWAYS if plan.any_term and len(words) > 1 else 0,
        "max_candidates": 32,
    }


def sort_by(query: SearchQuery, place: PlaceFilter | None, words: list[str]) -> str:
    """Typesense's order: the candidates' order for relevance, which bonuses then re-rank.
    Equal text matches go shorter title first (as BM25's length normalisation would), then in
    write order; with no words, nearest first when there is a place."""
    if query.sort in SORTS:
        return SORTS[query.sort]
    near = ""
    if place is not None and place.lat is not None and place.lon is not None:
        near = f"location_geo({place.lat:.6f}, {place.lon:.6f}):asc"
    if words and near:
        return f"_text_match:desc,{near},title_words:asc"
    if words:
        return "_text_match:desc,title_words:asc,seq:asc"
    return f"{near},seq:asc" if near else "seq:asc"


def snippet_html(snippet: str, text: str, start: str, end: str) -> str:
    """Typesense's snippet as ours: every character escaped, ``<mark>`` the only markup.
    ``start`` and ``end`` are the highlight tags the search asked for (unguessable strings)."""
    out: list[str] = []
    plain: list[str] = []
    open_mark = False
    pieces = re.split(f"({re.escape(start)}|{re.escape(end)})", snippet)
    for n, piece in enumerate(pieces):
        if piece == start:
            if not open_mark:
                out.append("<mark>")
                open_mark = True
        elif piece == end:
            if open_mark:
                # A prefix match marks "pharmac|y": the mark ends with the word.
                rest = pieces[n + 1] if n + 1 < len(pieces) else ""
                tail = re.match(r"\w*", rest)
                if tail and tail.group(0):
                    out.append(escape(tail.group(0), quote=False))
                    plain.append(tail.group(0))
                    pieces[n + 1] = rest[tail.end() :]
                out.append("</mark>")
                open_mark = False
        elif piece:
            out.append(escape(piece, quote=False))
            plain.append(piece)
    if open_mark:
        out.append("</mark>")
    html = "".join(out).strip()
    shown = "".join(plain).strip()
    if shown and not text.lstrip().startswith(shown):
        html = "… " + html
    if shown and not text.rstrip().endswith(shown):
        html += " …"
    return html
