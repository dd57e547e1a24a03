""" "Match me to a program": an interest, a place or online, a budget and a length -> programs,
ranked, each with a one-line reason made from its own facts.

The interest is read like a search query (careers, and any place, cost or length in the words),
and the one search service answers, so the page, the JSON API and every engine agree. The limits a
person sets are kept: when the service could only find something by loosening one of them (a
wider radius, no budget), the answer says so and lists nothing rather than programs that break it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from search_app import distances
from search_app.engines.types import DEFAULT_RADIUS_MILES
from search_app.params import Param, check_depth, parse
from search_app.places import resolve_place
from search_app.query import (
    MAX_COST_FILTER,
    MAX_WEEKS_FILTER,
    NEAR_HELP,
    Args,
    QueryError,
    SearchQuery,
    near_param,
    page_params,
    q_param,
)
from search_app.results import Hit
from search_app.search import SearchService

MAX_DEPTH = 500  # page × per_page
MAX_RADIUS_MILES = 200
MAX_COST = MAX_COST_FILTER
MAX_WEEKS = MAX_WEEKS_FILTER
# What the search service may loosen without breaking a limit the person set: only the words.
WORD_RELAXATIONS = ("matched any of the words", "allowed near spellings", "showing results for")


@dataclass(frozen=True)
class MatchRequest:
    q: str = ""  # the career or interest, in the person's words
    near: str | None = None
    radius: int = DEFAULT_RADIUS_MILES
    online: bool = False  # online programs only (a place is then not used)
    max_cost: int | None = None
    max_weeks: int | None = None
    page: int = 1
    per_page: int = 10

    @property
    def empty(self) -> bool:
        return not (self.q or self.near or self.online or self.max_cost or self.max_weeks)


@dataclass
class MatchedProgram:
    program: Hit
    reasons: list[str]  # ["Phlebotomy Technician", "3.2 miles from Newark, NJ", "$950, under …"]

    @property
    def reason(self) -> str:
        return " · ".join(self.reasons)

    def to_json(self) -> dict[str, Any]:
        data = self.program.to_json()
        data.update(reason=self.reason, reasons=self.reasons)
        return data


@dataclass
class MatchResults:
    request: MatchRequest
    careers: list[str]  # what the interest was read as
    place: str | None  # the place programs are measured from
    max_cost: int | None  # the budget applied (given, or read from the words)
    max_weeks: int | None
    total: int
    results: list[MatchedProgram]
    generation: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.request.per_page))

    def to_json(self) -> dict[str, Any]:
        r = self.request
        return {
            "query": {
                "q": r.q,
                "near": r.near,
                "radius": r.radius,
                "online": r.online,
                "max_cost": r.max_cost,
                "max_weeks": r.max_weeks,
            },
            "careers": self.careers,
            "place": self.place,
            "max_cost_usd": self.max_cost,
            "max_weeks": self.max_weeks,
            "total": self.total,
            "page": r.page,
            "per_page": r.per_page,
            "notes": self.notes,
            "results": [m.to_json() for m in self.results],
        }


MATCH_PARAMS = (
    q_param("The career or interest, in the person's words; read like a search query."),
    near_param(NEAR_HELP),
    Param(
        "radius",
        "Miles around `near` (ignored without `near`).",
        kind="int",
        default=DEFAULT_RADIUS_MILES,
        high=MAX_RADIUS_MILES,
    ),
    Param("online", "1: online programs only (`near` is then not used).", kind="flag"),
    Param(
        "max_cost",
        "Budget: programs costing at most this many US dollars.",
        kind="int",
        high=MAX_COST,
    ),
    Param("max_weeks", "Programs at most this many weeks long.", kind="int", high=MAX_WEEKS),
    *page_params(10, MAX_DEPTH, "Programs"),
)


def parse_match_args(args: Args, *, require: bool = True) -> MatchRequest:
    """A MatchRequest from request arguments; every bad value is a QueryError naming it. With
    ``require``, an empty request is an error too (the API); the page shows the empty form."""
    values = parse(args, MATCH_PARAMS)
    check_depth(values["page"], values["per_page"], MAX_DEPTH)
    wanted = MatchRequest(**values)
    if require and wanted.empty:
        raise QueryError("q", "say what you want to train for (or give a place, budget or length)")
    return wanted


def match_programs(service: SearchService, wanted: MatchRequest) -> MatchResults:
    """Programs for ``wanted``, best fit first (nearest first with a place), with reasons."""
    place = None
    if wanted.near and not wanted.online:
        place = resolve_place(service, wanted.near)
    query = SearchQuery(
        q=wanted.q,
        raw_q=wanted.q + " ",
        kinds=("program",),
        formats=("online",) if wanted.online else (),
        near=place.label if place else None,
        radius=wanted.radius if place else None,
        max_cost=wanted.max_cost,
        max_weeks=wanted.max_weeks,
        page=wanted.page,
        per_page=wanted.per_page,
        # online-only is the format filter; a place in the words would contradict it
        ignore=frozenset({"place"}) if wanted.online else frozenset(),
    )
    found = service.search(query)
    interp = found.interpreted
    careers = list(interp.get("careers") or [])
    near = interp.get("near") or None
    place_label = near["place"] if near else None
    max_cost = interp.get("max_cost_usd")
    max_weeks = interp.get("max_weeks")
    notes: list[str] = []
    loosened = [r for r in found.relaxed if not r.startswith(WORD_RELAXATIONS)]
    hits = found.results
    total = found.total
    if loosened:
        notes.append(
            "No program matches all of that. Try a larger budget, a longer length or another "
            "place (the search could only find programs by: " + "; ".join(loosened) + ")."
        )
        hits, total = [], 0
    elif not total:  # the search keeps the limits chosen here, so nothing met them all
        notes.append(
            "No program matches all of that. Try a larger budget, a longer length or another place."
        )
    elif found.relaxed:
        notes.append("Close matches: " + "; ".join(found.relaxed) + ".")
    results = [
        MatchedProgram(hit, reasons(hit, careers, place_label, max_cost, max_weeks)) for hit in hits
    ]
    return MatchResults(
        request=wanted,
        careers=careers,
        place=place_label,
        max_cost=max_cost,
        max_weeks=max_weeks,
        total=total,
        results=results,
        generation=found.generation,
        notes=notes,
    )


def reasons(
    hit: Hit,
    careers: list[str],
    place: str | None,
    max_cost: int | None,
    max_weeks: int | None,
) -> list[str]:
    """Why a program is listed, from its own facts: career, where, cost, length."""
    out = [c for c in hit.careers if c in careers][:2] or hit.careers[:1]
    if hit.format == "online" or hit.location == "Online":
        out.append("online")
    elif where := distances.phrase(hit.distance_miles, place, hit.location):
        out.append(where)
    if hit.cost_usd is None:
        out.append("cost not listed")
    elif max_cost is not None:
        side = "under" if hit.cost_usd <= max_cost else "over"
        out.append(f"${hit.cost_usd:,}, {side} your ${max_cost:,} budget")
    else:
        out.append(f"${hit.cost_usd:,}")
    if hit.duration_weeks is None:
        out.append("length not listed")
    else:
        length = "1 week" if hit.duration_weeks == 1 else f"{hit.duration_weeks} weeks"
        if max_weeks is not None:
            side = "within" if hit.duration_weeks <= max_weeks else "longer than"
            length += f", {side} your {max_weeks}"
        out.append(length)
    return out
