"""Where query-log records go: a small interface, and the SQLite store that is the default.

Records carry what was searched and what was clicked, never who: no address, no user agent, no
cookie. One SQLite file beside the index takes every gunicorn worker's batches (WAL, so readers
never block the writers, and a busy timeout, so workers wait for each other instead of failing).
Several app machines would each send the same records to one shared store (for instance
PostgreSQL) by implementing :class:`LogStore`; see the README's "What people search for".
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

BUSY_TIMEOUT_MS = 10_000
SCHEMA = """
CREATE TABLE IF NOT EXISTS searches (
    id TEXT PRIMARY KEY,          -- random; the page and the widget send it back with a click
    at REAL NOT NULL,             -- Unix time, seconds
    surface TEXT NOT NULL,        -- page, api or widget
    query TEXT NOT NULL,          -- the words, normalised (case-folded, spaces collapsed)
    filters TEXT NOT NULL,        -- JSON: the facets and limits the person chose
    interpreted TEXT NOT NULL,    -- JSON: what the engine read into the words
    careers TEXT NOT NULL,        -- JSON list: careers chosen or read from the words
    places TEXT NOT NULL,         -- JSON list: places chosen or read from the words
    total INTEGER NOT NULL,       -- how many results
    page INTEGER NOT NULL,
    generation TEXT NOT NULL,     -- the index generation that answered
    suggestion TEXT,              -- the did-you-mean offered, if any
    relaxed TEXT NOT NULL         -- JSON list: how the query was loosened to find anything
);
CREATE INDEX IF NOT EXISTS searches_at ON searches (at);
CREATE TABLE IF NOT EXISTS clicks (
    search_id TEXT NOT NULL,      -- the search whose result was clicked
    at REAL NOT NULL,
    doc_id TEXT NOT NULL,
    position INTEGER NOT NULL,    -- 1 is the first result of the first page
    surface TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS clicks_search ON clicks (search_id);
CREATE INDEX IF NOT EXISTS clicks_at ON clicks (at);
"""


@dataclass(frozen=True)
class SearchRecord:
    id: str
    at: float
    surface: str
    query: str
    filters: dict[str, object] = field(default_factory=dict)
    interpreted: dict[str, object] = field(default_factory=dict)
    careers: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    total: int = 0
    page: int = 1
    generation: str = ""
    suggestion: str | None = None
    relaxed: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClickRecord:
    search_id: str
    at: float
    doc_id: str
    position: int
    surface: str


Record = SearchRecord | ClickRecord


class LogStore(Protocol):
    """What the log writer needs of a store. Called from one writer thread per process."""

    def write(self, records: Sequence[Record]) -> None:
        """Store a batch; all or nothing."""

    def prune(self, before: float) -> int:
        """Forget records older than ``before`` (Unix time); how many went."""

    def close(self) -> None: ...


class SqliteStore:
    """The default store: one SQLite file shared by every worker of one machine."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = connect(path)
        try:
            self.db.executescript(SCHEMA)
        except BaseException:
            self.db.close()
            raise

    def write(self, records: Sequence[Record]) -> None:
        searches = [_search_row(r) for r in records if isinstance(r, SearchRecord)]
        clicks = [
            (r.search_id, r.at, r.doc_id, r.position, r.surface)
            for r in records
            if isinstance(r, ClickRecord)
        ]
        with self.db:  # one transaction per batch
            if searches:
                self.db.executemany(
                    "INSERT OR IGNORE INTO searches VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", searches
                )
            if clicks:
                self.db.executemany("INSERT INTO clicks VALUES (?,?,?,?,?)", clicks)

    def prune(self, before: float) -> int:
        with self.db:
            gone = self.db.execute("DELETE FROM searches WHERE at < ?", (before,)).rowcount
            gone += self.db.execute("DELETE FROM clicks WHERE at < ?", (before,)).rowcount
        return gone

    def close(self) -> None:
        self.db.close()


def connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    """A connection in WAL mode that waits for other writers rather than failing."""
    if read_only:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=10)
    else:
        db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if not read_only:
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")  # WAL: durable at checkpoints, fast commits
    except BaseException:
        db.close()
        raise
    return db


def _search_row(r: SearchRecord) -> tuple[object, ...]:
    return (
        r.id,
        r.at,
        r.surface,
        r.query,
        json.dumps(r.filters, separators=(",", ":")),
        json.dumps(r.interpreted, separators=(",", ":")),
        json.dumps(list(r.careers)),
        json.dumps(list(r.places)),
        r.total,
        r.page,
        r.generation,
        r.suggestion,
        json.dumps(list(r.relaxed)),
    )
