"""Long-lived Whoosh searchers, one per index generation, swapped in when a new one is published.

Opening a searcher costs ~120 ms at 100k documents and the first facet query more, so a snapshot
is opened and warmed once per generation, then shared by every request until the next one.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from indexer import generations, vocabulary
from indexer.schema import FACET_FIELDS
from indexer.taxonomy import Taxonomy, load_taxonomy
from search_app.engines.base import IndexMissing
from search_app.spelling import Speller

CHECK_INTERVAL_S = 0.5
SET_CACHE_ENTRIES = 512
log = logging.getLogger(__name__)


@dataclass
class Snapshot:
    """One generation opened for searching. Use it under ``lock``: Whoosh readers share file
    handles and are not safe to use from two threads at once."""

    generation: str
    path: Path
    ix: Any
    searcher: Any
    taxonomy: Taxonomy
    created: str
    postings: dict[str, dict[str, set[int]]] = field(default_factory=dict)
    live: set[int] = field(default_factory=set)
    places: dict[str, tuple[float, float] | None] = field(default_factory=dict)
    location_of: dict[int, str] = field(default_factory=dict)
    speller: Speller = field(default_factory=lambda: Speller(Counter()))
    lock: threading.RLock = field(default_factory=threading.RLock)
    sets: OrderedDict[tuple[str, ...], set[int]] = field(default_factory=OrderedDict)
    users: int = 0
    retired: bool = False

    @property
    def documents(self) -> int:
        return len(self.live)

    def cached(self, key: tuple[str, ...], compute: Callable[[], set[int]]) -> set[int]:
        """A per-generation set of documents (a term's, a career's), computed once and kept in
        a bounded LRU: popular words are then set lookups, not posting walks."""
        found = self.sets.get(key)
        if found is None:
            found = compute()
            self.sets[key] = found
            if len(self.sets) > SET_CACHE_ENTRIES:
                self.sets.popitem(last=False)
        else:
            self.sets.move_to_end(key)
        return found

    def docs_with(self, field_name: str, term: str) -> set[int]:
        """The live documents whose ``field_name`` has ``term``."""

        def compute() -> set[int]:
            reader = self.searcher.reader()
            if (field_name, term) not in reader:
                return set()
            return set(reader.postings(field_name, term).all_ids()) & self.live

        return self.cached(("term", field_name, term), compute)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.searcher.close()
        with contextlib.suppress(Exception):
            self.ix.close()


def open_snapshot(generation: generations.Generation) -> Snapshot:
    ix = whoosh_index.open_dir(str(generation.path))
    searcher = ix.searcher()
    manifest = generation.manifest()
    snap = Snapshot(
        generation=generation.name,
        path=generation.path,
        ix=ix,
        searcher=searcher,
        taxonomy=load_taxonomy(generation.path / "careers.toml"),
        created=str(manifest.get("created", "")),
    )
    reader = searcher.reader()
    snap.live = set(reader.all_doc_ids())
    # Per-generation facet columns: value -> the documents that have it. Facet counts are then
    # set intersections instead of a walk over every hit.
    for name in FACET_FIELDS:
        values: dict[str, set[int]] = {}
        for term in reader.lexicon(name):
            value = term.decode("utf-8") if isinstance(term, bytes) else str(term)
            ids = set(reader.postings(name, term).all_ids()) & snap.live
            if ids:
                values[value] = ids
        snap.postings[name] = values
    coords = manifest.get("places", {})
    for label, docs in snap.postings.get("location", {}).items():
        value = coords.get(label)
        snap.places[label] = (float(value[0]), float(value[1])) if value else None
        for docnum in docs:
            snap.location_of[docnum] = label
    snap.speller = Speller(vocabulary.load(generation.path))
    return snap


class IndexHolder:
    """Serves the current generation and notices a new one within ``CHECK_INTERVAL_S``."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir
        self._current: Snapshot | None = None
        self._checked = 0.0
        self._swap = threading.Lock()

    def _refresh(self) -> None:
        now = time.monotonic()
        if self._current is not None and now - self._checked < CHECK_INTERVAL_S:
            return
        with self._swap:
            self._checked = now
            live = generations.current(self.index_dir)
            if live is None:
                if self._current is None:
                    raise IndexMissing(f"no index in {self.index_dir}: run `course-search index`")
                return
            if self._current is not None and self._current.generation == live.name:
                return
            try:
                fresh = open_snapshot(live)
            except Exception:
                if self._current is None:
                    raise
                log.exception(
                    "could not open %s; still serving %s", live.name, self._current.generation
                )
                return
            old, self._current = self._current, fresh
            if old is not None:
                with old.lock:
                    old.retired = True
                    if old.users == 0:
                        old.close()

    @contextlib.contextmanager
    def acquire(self) -> Iterator[Snapshot]:
        """The current snapshot, held open (and locked) for the duration of the block."""
        self._refresh()
        snap = self._current
        assert snap is not None
        with snap.lock:
            snap.users += 1
            try:
                yield snap
            finally:
                snap.users -= 1
                if snap.retired and snap.users == 0:
                    snap.close()

    def close(self) -> None:
        if self._current is not None:
            self._current.close()
            self._current = None
