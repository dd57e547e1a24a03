"""Request arguments -> a validated SearchQuery. Every bad value is a QueryError naming it."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from indexer.normalize import normalize_state

MAX_Q_CHARS = 256
MAX_PER_PAGE = 50
MAX_RESULTS_DEPTH = 1_000  # page * per_page: deep paging is bounded work
MAX_VALUES = 20
MAX_VALUE_CHARS = 120
MAX_EXPLAIN = 10  # explain=1 explains this many hits of a page (each costs a re-score)
SORTS = ("relevance", "cost", "duration", "newest")
FORMATS = ("in-person", "online", "hybrid")
KINDS = ("article", "program")
IGNORABLE = ("career", "place", "online", "cost", "length", "spelling", "intent")
MAX_RADIUS_MILES = 500


class QueryError(ValueError):
    def __init__(self, param: str, message: str) -> None:
        super().__init__(f"{param}: {message}")
        self.param = param
        self.message = message


class Args(Protocol):
    def getlist(self, key: str) -> list[str]: ...


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


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean_text(value: str) -> str:
    value = unicodedata.normalize("NFC", _CONTROL.sub(" ", value))
    value = "".join(ch for ch in value if unicodedata.category(ch) not in ("Cs", "Co", "Cn"))
    return re.sub(r"\s+", " ", value).strip()


def _one(args: Args, name: str) -> str | None:
    values = args.getlist(name)
    if not values:
        return None
    if len(values) > 1:
        raise QueryError(name, "give it once")
    return values[0]


def _many(args: Args, name: str, allowed: Sequence[str] | None = None) -> tuple[str, ...]:
    raw = args.getlist(name)
    if len(raw) > MAX_VALUES:
        raise QueryError(name, f"at most {MAX_VALUES} values")
    if any(len(v) > MAX_VALUE_CHARS for v in raw):
        raise QueryError(name, f"a value may have at most {MAX_VALUE_CHARS} characters")
    # Length is judged as sent; cleaning (NFC) may not push an accepted value over it.
    values = [v for v in (clean_text(v)[:MAX_VALUE_CHARS] for v in raw) if v]
    out: list[str] = []
    for value in values:
        if allowed is not None and value not in allowed:
            raise QueryError(name, f"must be one of {', '.join(allowed)}")
        if value not in out:
            out.append(value)
    return tuple(out)


def _int(args: Args, name: str, default: int, low: int, high: int) -> int:
    raw = _one(args, name)
    if raw is None or raw.strip() == "":
        return default
    if not re.fullmatch(r"[+-]?\d{1,9}", raw.strip()):
        raise QueryError(name, "must be a whole number")
    value = int(raw)
    if not low <= value <= high:
        raise QueryError(name, f"must be between {low} and {high}")
    return value


def parse_args(args: Args) -> SearchQuery:
    """A SearchQuery from request arguments (a werkzeug MultiDict or anything with getlist)."""
    raw_q = _one(args, "q") or ""
    if len(raw_q) > MAX_Q_CHARS:
        raise QueryError("q", f"at most {MAX_Q_CHARS} characters")
    q = clean_text(raw_q)[:MAX_Q_CHARS]
    per_page = _int(args, "per_page", 10, 1, MAX_PER_PAGE)
    page = _int(args, "page", 1, 1, MAX_RESULTS_DEPTH // per_page)
    sort = clean_text(_one(args, "sort") or "relevance") or "relevance"
    if sort not in SORTS:
        raise QueryError("sort", f"must be one of {', '.join(SORTS)}")
    state_raw = clean_text(_one(args, "state") or "")
    state = None
    if state_raw:
        state = normalize_state(state_raw[:40])
        if state is None:
            raise QueryError("state", "must be a US state code or name")
    near = clean_text(_one(args, "near") or "")[:MAX_VALUE_CHARS] or None
    radius_raw = _one(args, "radius")
    radius = _int(args, "radius", 25, 1, MAX_RADIUS_MILES) if radius_raw else None
    if radius is not None and near is None:
        raise QueryError("radius", "needs near (a place such as 'Newark, NJ')")
    explain = (_one(args, "explain") or "0").strip().lower()
    if explain not in ("0", "1", "true", "false", ""):
        raise QueryError("explain", "must be 0 or 1")
    return SearchQuery(
        q=q,
        raw_q=raw_q,
        careers=_many(args, "career"),
        locations=_many(args, "location"),
        state=state,
        formats=_many(args, "format", FORMATS),
        kinds=_many(args, "kind", KINDS),
        sort=sort,
        page=page,
        per_page=per_page,
        near=near,
        radius=radius,
        max_cost=_int(args, "max_cost", 0, 1, 1_000_000) or None,
        max_weeks=_int(args, "max_weeks", 0, 1, 520) or None,
        ignore=frozenset(_many(args, "ignore", IGNORABLE)),
        explain=explain in ("1", "true"),
    )


class MultiDictArgs:
    """``getlist`` over a plain mapping, for callers outside a request (the CLI, tests)."""

    def __init__(self, values: Mapping[str, str | Sequence[str]]) -> None:
        self._values = values

    def getlist(self, key: str) -> list[str]:
        value = self._values.get(key)
        if value is None:
            return []
        return [value] if isinstance(value, str) else list(value)
