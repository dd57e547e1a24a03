"""In-process search figures: our SearchService, and the naive Whoosh way as the baseline.

Modes (every query of the log, uncached, after a warm-up; p50/p95/p99 in ms):

- ``plain``: ranking only, the top 10 document numbers: the engine session's own matching and
  ranking of the words (``session.match`` + ``session.ranked``), without facets, snippets or
  stored fields. On a version without ``ranked``, Whoosh's search of the service's text query
  (every word in any field, BM25F boosts) on the snapshot the service holds.
- ``highlight``: ``plain`` plus the stored fields and the snippet of each of the top 10
  (``session.page``), still without facets.
- ``facets``: ``SearchService.search(q)``: ranking, disjunctive facet counts for career, location,
  format and kind, and snippets of the top 10 (the service always makes them).
- ``filters``: ``SearchService.search`` with the log's career/location/format filters.
- ``mix``: ``SearchService.search`` over every search request of the log as the API receives it
  (words, places, typos, filters, pages 2–5).
- ``suggest``: ``SearchService.suggest`` on the log's autocomplete prefixes.

The baseline opens a fresh ``ix.searcher()`` per query on the same generation directory, parses
with Whoosh's ``MultifieldParser`` (same boosts) and counts facets with ``groupedby``.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.queries import LoggedQuery
from bench.timing import peak_rss_mb, summarize_ms, time_each

WARMUP = 30
WARMUP_BUDGET_S = 15.0
FACET_FIELDS = {"career": "careers", "location": "location", "format": "format", "kind": "kind"}


def read_log(path: Path) -> list[LoggedQuery]:
    out: list[LoggedQuery] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        data = json.loads(line)
        data["careers"] = tuple(data["careers"])
        data["locations"] = tuple(data["locations"])
        out.append(LoggedQuery(**data))
    return out


def _split(log: list[LoggedQuery]) -> tuple[list[LoggedQuery], list[str], list[LoggedQuery]]:
    searches = [q for q in log if not q.is_suggest]
    prefixes = [q.q for q in log if q.is_suggest]
    filtered = [q for q in searches if q.careers or q.locations or q.format]
    return searches, prefixes, filtered


def _measure(items: list[Any], fn: Callable[[Any], object], budget_s: float) -> dict[str, Any]:
    """Warm up, then time ``fn`` on the items in log order until they end or the time budget is
    spent (the log is in random order, so a cut keeps a fair sample); ``n`` says how many."""
    time_each(items[:WARMUP], fn, WARMUP_BUDGET_S)
    times = time_each(items, fn, budget_s)
    out = summarize_ms(times)
    out["cut_by_budget"] = len(times) < len(items)
    return out


@dataclass(frozen=True)
class TextQuery:
    """Terms of a query text, and the Whoosh query that requires every one of them."""

    terms_of: Callable[[str], list[str]]
    term_query: Callable[[str], Any]

    def __call__(self, q: str) -> Any:
        from whoosh import query as wq

        terms = self.terms_of(q)
        return wq.And([self.term_query(t) for t in terms]) if terms else wq.Every()


def _service_text_query() -> TextQuery:
    """The service's base text query (every word in any text field, BM25F field boosts), from
    wherever the service keeps it; the same query built here when it cannot be found."""
    from whoosh import query as wq

    from indexer.backends.whoosh.schema import analyzer
    from indexer.fields import FIELD_BOOSTS

    terms_of: Any = None
    term_query: Any = None
    for name in ("search_app.engines.common.ranking", "search_app.search"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        terms_of = getattr(module, "terms_of", None)
        term_query = getattr(module, "term_query", None) or getattr(module, "_term_query", None)
        if terms_of is not None and term_query is not None:
            break
    if terms_of is None or term_query is None:
        text_analyzer = analyzer()

        def terms_of(text: str) -> list[str]:
            return list(dict.fromkeys(t.text for t in text_analyzer(text)))[:32]

        def term_query(term: str) -> Any:
            return wq.Or([wq.Term(f, term, boost=b) for f, b in FIELD_BOOSTS.items()])

    return TextQuery(terms_of, term_query)


@contextlib.contextmanager
def whoosh_searcher(service: Any) -> Iterator[Any]:
    """The Whoosh searcher the service is holding, whichever way this version keeps it: an
    ``IndexHolder`` (``service.holder``) or an engine session (``service.engine``)."""
    holder = getattr(service, "holder", None)
    if holder is not None:
        with holder.acquire() as snap:
            yield snap.searcher
        return
    with service.engine.session() as session:
        yield session.snap.searcher


def run_service(index_dir: Path, log_path: Path, budget_s: float) -> dict[str, Any]:
    """Every mode through the real SearchService (and its snapshot, for plain and highlight)."""
    from search_app.engines.common.snippets import make_snippet
    from search_app.engines.types import Plan
    from search_app.query import MultiDictArgs, parse_args
    from search_app.search import SearchService
    from search_app.understand import interpret

    searches, prefixes, filtered = _split(read_log(log_path))
    words = [q.q for q in searches]
    service: Any = SearchService(index_dir)
    started = time.perf_counter()
    service.health()  # opens the generation and builds the facet columns
    open_s = time.perf_counter() - started
    text_query = _service_text_query()

    def engine_page(q: str, limit: int, with_hits: bool) -> object | None:
        """The engine's own matching and ranking of the words (None on a version without it)."""
        with service.engine.session() as session:
            if not hasattr(session, "ranked"):
                return None
            query = parse_args(MultiDictArgs({"q": q, "per_page": str(limit)}))
            interp = interpret(q, session.taxonomy, session.places)
            matched = session.match(interp, Plan(), query)
            if with_hits:
                return session.page(matched, query)
            return session.ranked(matched, query, limit)

    def plain(q: str) -> object:
        found = engine_page(q, 10, with_hits=False)
        if found is not None:
            return found
        with whoosh_searcher(service) as searcher:
            results = searcher.search(text_query(q), limit=10)
            return [hit.docnum for hit in results]

    def highlight(q: str) -> object:
        found = engine_page(q, 10, with_hits=True)
        if found is not None:
            return found
        terms = set(text_query.terms_of(q))
        with whoosh_searcher(service) as searcher:
            results = searcher.search(text_query(q), limit=10)
            return [
                make_snippet([hit.get("summary", ""), hit.get("body", "")], terms)
                for hit in results[:10]
            ]

    def facets(q: str) -> object:
        return service.search(parse_args(MultiDictArgs({"q": q})))

    def api(entry: LoggedQuery) -> object:
        return service.search(parse_args(MultiDictArgs(entry.args())))

    out: dict[str, Any] = {"open_s": round(open_s, 3)}
    out["plain"] = _measure(words, plain, budget_s)
    out["highlight"] = _measure(words, highlight, budget_s)
    out["facets"] = _measure(words, facets, budget_s)
    out["filters"] = _measure(filtered, api, budget_s)
    out["mix"] = _measure(searches, api, budget_s)
    out["suggest"] = _measure(prefixes, service.suggest, budget_s)
    out["peak_rss_mb"] = peak_rss_mb()
    return out


def run_baseline(index_dir: Path, log_path: Path, limit: int, budget_s: float) -> dict[str, Any]:
    """The naive way: a fresh searcher per query, ``groupedby`` facets, Whoosh highlights."""
    from whoosh import index as whoosh_index
    from whoosh import query as wq
    from whoosh import sorting
    from whoosh.qparser import MultifieldParser

    from indexer import generations
    from indexer.fields import FIELD_BOOSTS

    live = generations.current(index_dir)
    if live is None:
        raise RuntimeError(f"no index in {index_dir}")
    searches, prefixes, filtered = _split(read_log(log_path))
    words = [q.q for q in searches][:limit]
    ix = whoosh_index.open_dir(str(live.path))
    parser = MultifieldParser(list(FIELD_BOOSTS), ix.schema, fieldboosts=FIELD_BOOSTS)
    groups = [
        sorting.FieldFacet("careers", allow_overlap=True, maptype=sorting.Count),
        *(sorting.FieldFacet(f, maptype=sorting.Count) for f in ("location", "format", "kind")),
    ]
    grouped = dict(zip(FACET_FIELDS.values(), groups, strict=True))

    def plain(q: str) -> object:
        searcher = ix.searcher()
        try:
            return [hit["id"] for hit in searcher.search(parser.parse(q), limit=10)]
        finally:
            searcher.close()

    def with_facets(q: str, filter_query: Any = None) -> object:
        searcher = ix.searcher()
        try:
            results = searcher.search(
                parser.parse(q), limit=10, groupedby=grouped, filter=filter_query
            )
            counts = {name: results.groups(name) for name in grouped}
            return [hit["id"] for hit in results[:10]], counts
        finally:
            searcher.close()

    def facets(q: str) -> object:
        return with_facets(q)

    def filters(entry: LoggedQuery) -> object:
        parts: list[Any] = []
        if entry.careers:
            parts.append(wq.Or([wq.Term("careers", c) for c in entry.careers]))
        if entry.locations:
            parts.append(wq.Or([wq.Term("location", v) for v in entry.locations]))
        if entry.format:
            parts.append(wq.Term("format", entry.format))
        return with_facets(entry.q, wq.And(parts))

    def highlight(q: str) -> object:
        searcher = ix.searcher()
        try:
            results = searcher.search(parser.parse(q), limit=10, terms=True)
            return [hit.highlights("body") for hit in results[:10]]
        finally:
            searcher.close()

    def suggest(prefix: str) -> object:
        searcher = ix.searcher()
        try:
            words = prefix.lower().split()
            if not words:
                return []
            query = wq.And(
                [*(wq.Term("title", w) for w in words[:-1]), wq.Prefix("title", words[-1])]
            )
            return [hit["title"] for hit in searcher.search(query, limit=24)]
        finally:
            searcher.close()

    out: dict[str, Any] = {}
    out["plain"] = _measure(words, plain, budget_s)
    out["facets"] = _measure(words, facets, budget_s)
    out["filters"] = _measure(filtered[:limit], filters, budget_s)
    out["highlight"] = _measure(words, highlight, budget_s)
    out["suggest"] = _measure(prefixes[:limit], suggest, budget_s)
    started = time.perf_counter()
    ix.searcher().close()
    out["open_searcher_s"] = round(time.perf_counter() - started, 3)
    out["peak_rss_mb"] = peak_rss_mb()
    return out
