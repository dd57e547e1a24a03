"""Long-lived Whoosh searchers, one per index generation, swapped in when a new one is published.

Opening a searcher and reading its columns costs ~0.3 s at 100k documents, so a snapshot is
opened once per generation, then shared by every request until the next one.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
import weakref
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from indexer import generations, vocabulary
from indexer.fields import FACET_FIELDS, FIELD_BOOSTS, SCHEMA_VERSION
from indexer.synonyms import load_taxonomy_with_synonyms
from indexer.taxonomy import Taxonomy
from search_app.engines.base import IndexMissing
from search_app.engines.common.spelling import Speller
from search_app.engines.whoosh.arrays import Columns, load_columns
from search_app.engines.whoosh.scoring import ArrayScorer

CHECK_INTERVAL_S = 0.5
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
    columns: Columns
    scorer: ArrayScorer
    places: dict[str, tuple[float, float] | None] = field(default_factory=dict)
    speller: Speller = field(default_factory=lambda: Speller(Counter()))
    lock: threading.RLock = field(default_factory=threading.RLock)
    users: int = 0
    retired: bool = False

    @property
    def documents(self) -> int:
        return self.columns.documents

    def close(self) -> None:
        _close(self.searcher, self.ix)


def _close(searcher: Any, ix: Any) -> None:
    with contextlib.suppress(Exception):
        searcher.close()
    with contextlib.suppress(Exception):
        ix.close()


def open_snapshot(generation: generations.Generation) -> Snapshot:
    manifest = generation.manifest()
    built_by = manifest.get("schema")
    if built_by != SCHEMA_VERSION:
        # Whoosh unpickles the schema's classes by module path, and those of an older layout
        # may no longer exist: say what to do (503) rather than fail every request (500).
        raise IndexMissing(
            f"the index in {generation.path.parent} was built by another version of "
            f"course-search (schema {built_by}, this one reads {SCHEMA_VERSION}): "
            "run `course-search index` to rebuild it"
        )
    ix = whoosh_index.open_dir(str(generation.path))
    searcher = ix.searcher()
    try:
        # Per-generation arrays: facet values, field lengths, live documents. Facet counts and
        # matching are then vector operations, not walks over every hit.
        columns = load_columns(searcher.reader(), FACET_FIELDS, FIELD_BOOSTS)
    except BaseException:
        _close(searcher, ix)  # a broken generation: the holder keeps serving the last good one
        raise
    snap = Snapshot(
        generation=generation.name,
        path=generation.path,
        ix=ix,
        searcher=searcher,
        taxonomy=load_taxonomy_with_synonyms(generation.path / "careers.toml"),
        created=str(manifest.get("created", "")),
        columns=columns,
        scorer=ArrayScorer(searcher, columns),
    )
    coords = manifest.get("places", {})
    for label in columns.facet("location").values:
        value = coords.get(label)
        snap.places[label] = (float(value[0]), float(value[1])) if value else None
    snap.speller = Speller(vocabulary.load(generation.path)).warm()
    # A snapshot dropped without close() (a service nobody closed) still closes its files.
    weakref.finalize(snap, _close, searcher, ix)
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
