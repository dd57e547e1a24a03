"""A rate-limit store every gunicorn worker on the machine shares: one small SQLite file.

``limits`` (behind Flask-Limiter) counts in each process's memory by default, so with two
workers a client got twice its allowance, and which worker answered decided whether it was
refused. Redis or memcached share counters across machines but are a service to run; a search
engine that serves from an embedded index should not need one on a single machine. This store
keeps fixed-window counters in ``sqlite:///path/to/file``: WAL mode, one upsert per hit (tens of
microseconds), expired windows swept now and then.
"""

from __future__ import annotations

import os
import random
import sqlite3
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

from limits.storage import Storage

SWEEP_EVERY = 1000  # hits, on average, between deletions of expired windows
BUSY_TIMEOUT_MS = 2000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS windows (
    key TEXT PRIMARY KEY,
    hits INTEGER NOT NULL,
    expires REAL NOT NULL
) WITHOUT ROWID
"""
_INCR = """
INSERT INTO windows (key, hits, expires) VALUES (:key, :amount, :now + :expiry)
ON CONFLICT (key) DO UPDATE SET
    hits = CASE WHEN expires <= :now THEN :amount ELSE hits + :amount END,
    expires = CASE WHEN expires <= :now THEN :now + :expiry ELSE expires END
RETURNING hits
"""


def path_of(uri: str) -> Path:
    """``sqlite:////abs/path`` or ``sqlite:///rel/path`` (as SQLAlchemy writes them): the path."""
    parts = urlsplit(uri)
    if parts.scheme != "sqlite" or parts.netloc or not parts.path.strip("/"):
        raise ValueError(f"{uri!r} is not a sqlite:///path/to/file URI")
    return Path(unquote(parts.path[1:]))  # sqlite:///rel/file, sqlite:////abs/file


class SQLiteStorage(Storage):
    """Fixed-window counters in a SQLite file shared by every process that opens it."""

    STORAGE_SCHEME = ["sqlite"]  # noqa: RUF012 - the registry reads the class attribute

    def __init__(
        self, uri: str, wrap_exceptions: bool = False, **options: float | str | bool
    ) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.path = path_of(uri)
        self._local = threading.local()
        self._connection()  # fail at start-up, not on the first request, if the file can't be made

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        return sqlite3.Error

    def _connection(self) -> sqlite3.Connection:
        """One connection per thread and process (a forked worker opens its own)."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None and getattr(self._local, "pid", None) == os.getpid():
            return conn
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = OFF")  # counters: losing the last second is harmless
        conn.execute(_SCHEMA)
        self._local.conn, self._local.pid = conn, os.getpid()
        return conn

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        conn = self._connection()
        row = conn.execute(_INCR, {"key": key, "amount": amount, "now": now, "expiry": expiry})
        hits = int(row.fetchone()[0])
        if random.random() < 1 / SWEEP_EVERY:  # noqa: S311 - not security: when to sweep
            conn.execute("DELETE FROM windows WHERE expires <= ?", (now,))
        return hits

    def get(self, key: str) -> int:
        row = (
            self._connection()
            .execute("SELECT hits FROM windows WHERE key = ? AND expires > ?", (key, time.time()))
            .fetchone()
        )
        return int(row[0]) if row else 0

    def get_expiry(self, key: str) -> float:
        row = (
            self._connection()
            .execute("SELECT expires FROM windows WHERE key = ?", (key,))
            .fetchone()
        )
        now = time.time()
        return float(row[0]) if row and row[0] > now else now

    def check(self) -> bool:
        try:
            self._connection().execute("SELECT 1").fetchone()
        except sqlite3.Error:
            return False
        return True

    def reset(self) -> int | None:
        return int(self._connection().execute("DELETE FROM windows").rowcount)

    def clear(self, key: str) -> None:
        self._connection().execute("DELETE FROM windows WHERE key = ?", (key,))
