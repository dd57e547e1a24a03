"""Request arguments -> a validated SearchQuery. Every bad value is a QueryError naming it.

``SEARCH_PARAMS`` and ``SUGGEST_PARAMS`` are the declaration of /search's and /suggest's
parameters (:mod:`search_app.params`): the parser, the 400s, the OpenAPI description and the
README's table all come from them."""

from __future__ import annotations

from dataclasses import dataclass, replace

import us

from indexer.normalize import normalize_state
from search_app.params import (
    MAX_VALUE_CHARS,
    MAX_VALUES,
    Args,
    MultiDictArgs,
    Param,
    QueryError,
    check_depth,
    check_needs,
    clean_text,
    parse,
)

__all__ = [
    "MAX_VALUES",
    "MAX_VALUE_CHARS",
    "Args",
    "MultiDictArgs",
    "QueryError",
    "SearchQuery",
    "clean_text",
    "parse_args",
]

MAX_Q_CHARS = 256
MAX_PER_PAGE = 50
MAX_RESULTS_DEPTH = 1_000  # page * per_page: deep paging is bounded work
MAX_EXPLAIN = 10  # explain=1 explains this many hits of a page (each costs a re-score)
SORTS = ("relevance", "cost", "duration", "newest")
FORMATS = ("in-person", "online", "hybrid")
KINDS = ("article", "program")
IGNORABLE = ("career", "place", "online", "cost", "length", "spelling", "intent")
MAX_RADIUS_MILES = 500
MAX_COST_FILTER = 1_000_000
MAX_WEEKS_FILTER = 520
OR_ED = f" Repeatable (at most {MAX_VALUES}); OR-ed."
NEAR_EXAMPLE = "a place such as 'Newark, NJ'"
NEAR_HELP = (  # recommend's and match's near, resolved to one place (search_app.places)
    "A place: a US city ('Newark, NJ') or a five-digit ZIP code. Never guessed from the "
    "client's address. A place that cannot be found is a 400 naming `near`."
)


@dataclass(frozen=True)
class SearchQuery:
    q: str = ""
    raw_q: str = ""  # as typed, with trailing space: tells a finished word from one being typed
    careers: tuple[str, ...] = ()
    locations: tuple[str, ...] = ()
    state: str | None = None
    formats: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    sort: str = "relevance"
    page: int = 1
    per_page: int = 10
    near: str | None = None
    radius: int | None = None
    max_cost: int | None = None
    max_weeks: int | None = None
    ignore: frozenset[str] = frozenset()
    explain: bool = False

    def filters(self) -> dict[str, tuple[str, ...]]:
        """Selected values per facet field name of the index."""
        return {
            "careers": self.careers,
            "location": self.locations,
            "format": self.formats,
            "kind": self.kinds,
            "state": (self.state,) if self.state else (),
        }

    def with_(self, **changes: object) -> SearchQuery:
        return replace(self, **changes)  # type: ignore[arg-type]


def _state_values() -> tuple[str, ...]:
    places = {*us.states.STATES_AND_TERRITORIES, us.states.DC}
    return (*sorted(str(p.abbr) for p in places), *sorted(str(p.name) for p in places))


def q_param(help: str) -> Param:
    return Param("q", help, chars=MAX_Q_CHARS, default="")


def near_param(help: str) -> Param:
    return Param("near", help, cut=True)


def page_params(default: int, depth: int, per: str) -> tuple[Param, Param]:
    return (
        Param(
            "page",
            f"Page, from 1. page × per_page may be at most {depth:,}.",
            kind="int",
            default=1,
            high=depth,
        ),
        Param("per_page", f"{per} per page.", kind="int", default=default, high=MAX_PER_PAGE),
    )


SEARCH_PARAMS = (
    q_param(
        f"What the person typed: plain words (never query syntax), at most {MAX_Q_CHARS} "
        "characters. Careers, places ('in houston', 'near newark'), 'online', a cost "
        "('under $1000') and a length ('under 8 weeks') in it become filters."
    ),
    Param(
        "career",
        "Canonical career name, as in the career facet." + OR_ED,
        kind="list",
        field="careers",
    ),
    Param(
        "location",
        "Location facet value: 'Houston, TX' or 'Online'." + OR_ED,
        kind="list",
        field="locations",
    ),
    Param(
        "state",
        "A US state's (or territory's) two-letter code or name; any letter case.",
        chars=40,
        cut=True,
        read=normalize_state,
        refused="must be a US state code or name",
        schema={"type": "string", "enum": list(_state_values())},
    ),
    Param("format", "Program format." + OR_ED, "list", choices=FORMATS, field="formats"),
    Param("kind", "Document kind." + OR_ED, "list", choices=KINDS, field="kinds"),
    Param("sort", "Order.", default="relevance", choices=SORTS),
    *page_params(10, MAX_RESULTS_DEPTH, "Results"),
    near_param("A place ('Newark, NJ'): programs near it rank first."),
    Param("radius", "Miles around `near` (needs `near`).", "int", high=MAX_RADIUS_MILES),
    Param(
        "max_cost",
        "Programs costing at most this many US dollars.",
        kind="int",
        high=MAX_COST_FILTER,
    ),
    Param("max_weeks", "Programs at most this many weeks long.", "int", high=MAX_WEEKS_FILTER),
    Param(
        "ignore",
        "Parts of the interpretation of `q` to undo (each removable chip names one)." + OR_ED,
        kind="list",
        choices=IGNORABLE,
    ),
    Param("explain", "1: each result carries its score components.", "flag"),
)
# The API's own: which surface asks, for the query log (the page and the CLI do not take it).
SOURCE_PARAM = Param(
    "src",
    "Which surface asks, for the query log: the widget sends `widget`.",
    default="api",
    choices=("api", "widget"),
)
SUGGEST_PARAMS = (q_param("The prefix typed so far."),)


def parse_args(args: Args) -> SearchQuery:
    """A SearchQuery from request arguments (a werkzeug MultiDict or anything with getlist)."""
    values = parse(args, SEARCH_PARAMS)
    check_depth(values["page"], values["per_page"], MAX_RESULTS_DEPTH)
    check_needs(args, "radius", values["near"], "near", NEAR_EXAMPLE)
    values["ignore"] = frozenset(values["ignore"])
    return SearchQuery(raw_q=(args.getlist("q") or [""])[0], **values)
