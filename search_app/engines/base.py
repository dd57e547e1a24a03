"""The engine interface: what the search service asks of an index, in engine-neutral types."""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import AbstractContextManager
from typing import Protocol

from indexer.models import Document
from indexer.taxonomy import Taxonomy
from search_app.engines.common.spelling import Speller
from search_app.engines.types import Interpretation, Plan
from search_app.query import SearchQuery
from search_app.results import FacetValue, Hit, Suggestion, ValueRange


class IndexMissing(RuntimeError):
    """No generation has been built yet: the API answers 503 and says how to build one."""


class Matched(Protocol):
    """One attempt's matches (the words and every filter applied), held by the engine."""

    interp: Interpretation
    plan: Plan

    @property
    def total(self) -> int: ...


class EngineSession(Protocol):
    """One consistent view of one index generation, for the length of one request."""

    generation: str
    created: str
    taxonomy: Taxonomy
    places: Mapping[str, tuple[float, float] | None]  # location label -> coordinates
    speller: Speller

    @property
    def documents(self) -> int: ...

    def typing(self, raw_q: str, interp: Interpretation) -> frozenset[str]:
        """Words still being typed that no document has whole (to match as prefixes)."""
        ...

    def match(self, interp: Interpretation, plan: Plan, query: SearchQuery) -> Matched: ...

    def facets(self, matched: Matched, query: SearchQuery) -> dict[str, list[FacetValue]]:
        """Disjunctive counts: each facet applies every filter but its own."""
        ...

    def page(self, matched: Matched, query: SearchQuery) -> list[Hit]: ...

    def program_counts(self, matched: Matched, careers: list[str]) -> dict[str, int]:
        """How many programs of each career pass the query's implied filters."""
        ...

    def program_ranges(
        self, matched: Matched, careers: list[str]
    ) -> tuple[ValueRange | None, ValueRange | None]:
        """The cost (USD) and length (weeks) ranges of the matched programs that state them
        (of the named careers' programs, when ``careers`` are given)."""
        ...

    def get(self, doc_id: str) -> Document | None: ...

    def suggest(self, prefix: str, limit: int) -> list[Suggestion]: ...


class Engine(Protocol):
    def session(self) -> AbstractContextManager[EngineSession]: ...

    def close(self) -> None: ...
