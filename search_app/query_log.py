"""The query log: what was searched from the page, the API and the widget, and what was clicked.

A request only puts a record on a queue; a writer thread per process writes batches to the store
(:mod:`search_app.log_store`) off the request path. The thread starts with the first record (so
nothing starts at import or in gunicorn's master before it forks), stops after a while without
records, and is flushed and stopped at exit. A full queue drops records rather than slowing
searches; a failing store is logged, never raised into a request.
"""

from __future__ import annotations

import atexit
import logging
import os
import queue
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from flask import Flask, current_app

from search_app.log_store import ClickRecord, LogStore, Record, SearchRecord, SqliteStore
from search_app.query import SearchQuery
from search_app.results import SearchResults

log = logging.getLogger(__name__)
EXTENSION = "query_log"
SURFACES = ("page", "api", "widget")
FLUSH_S = 0.2  # a batch collects records this long before it is written
BATCH = 500
MAX_PENDING = 50_000
IDLE_S = 5.0  # the writer thread stops after this long without records (and starts again)
PRUNE_EVERY_S = 3600.0
DB_FILE = "querylog.sqlite"
ON = ("on", "true", "1", "yes", "")
OFF = ("off", "false", "0", "no")


class QueryLog:
    """Batches records to a :class:`LogStore` from one background thread per process."""

    def __init__(
        self,
        open_store: Callable[[], LogStore],
        *,
        retention_days: float = 90,
        flush_s: float = FLUSH_S,
        idle_s: float = IDLE_S,
    ) -> None:
        self._open_store = open_store
        self.retention_s = retention_days * 86_400
        self.flush_s = flush_s
        self.idle_s = idle_s
        self.dropped = 0
        self._lock = threading.Lock()
        self._pid = -1
        self._queue: queue.Queue[Record | threading.Event | None] = queue.Queue(MAX_PENDING)
        self._thread: threading.Thread | None = None
        self._last_prune = 0.0

    def add(self, record: Record) -> None:
        with self._lock:
            self._ensure_writer()
            try:
                self._queue.put_nowait(record)
            except queue.Full:
                self.dropped += 1

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until every record added so far is written (tests, the bench, exit)."""
        done = threading.Event()
        with self._lock:
            if self._pid != os.getpid() or self._thread is None:
                return True
            try:
                self._queue.put(done, timeout=timeout)
            except queue.Full:
                return False
        return done.wait(timeout)

    def close(self, timeout: float = 10.0) -> None:
        """Write what is queued and stop the writer (at exit; the log stays usable)."""
        with self._lock:
            thread = self._thread if self._pid == os.getpid() else None
            if thread is None:
                return
            try:
                self._queue.put(None, timeout=timeout)
            except queue.Full:
                return  # the writer is stuck: exit without it rather than hang
        thread.join(timeout)

    def _ensure_writer(self) -> None:
        if self._pid != os.getpid():  # first use, or a forked worker: nothing is inherited
            if self._pid == -1:
                atexit.register(self.close)
            self._pid = os.getpid()
            self._queue = queue.Queue(MAX_PENDING)
            self._thread = None
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="query-log", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        try:
            store = self._open_store()
        except Exception:
            log.exception("query log: cannot open the store; records are dropped")
            with self._lock:
                self._thread = None
            return
        try:
            self._loop(store)
        finally:
            store.close()

    def _loop(self, store: LogStore) -> None:
        idle_since = time.monotonic()
        while True:
            self._prune(store)
            try:
                first = self._queue.get(timeout=min(self.idle_s, 1.0))
            except queue.Empty:
                if time.monotonic() - idle_since < self.idle_s:
                    continue
                with self._lock:
                    if self._queue.empty():
                        self._thread = None
                        return
                continue
            batch: list[Record] = []
            waiters: list[threading.Event] = []
            stop = self._take(first, batch, waiters)
            deadline = time.monotonic() + self.flush_s
            while not stop and not waiters and len(batch) < BATCH:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                try:
                    stop = self._take(self._queue.get(timeout=left), batch, waiters)
                except queue.Empty:
                    break
            self._write(store, batch)
            for waiter in waiters:
                waiter.set()
            idle_since = time.monotonic()
            if stop:
                with self._lock:
                    while not self._queue.empty():  # added after the stop: write those too
                        item = self._queue.get_nowait()
                        if isinstance(item, threading.Event):
                            item.set()
                        elif item is not None:
                            batch = [item]
                            self._write(store, batch)
                    self._thread = None
                return

    @staticmethod
    def _take(
        item: Record | threading.Event | None, batch: list[Record], waiters: list[threading.Event]
    ) -> bool:
        if item is None:
            return True
        if isinstance(item, threading.Event):
            waiters.append(item)
        else:
            batch.append(item)
        return False

    def _write(self, store: LogStore, batch: list[Record]) -> None:
        if not batch:
            return
        try:
            store.write(batch)
        except Exception:
            self.dropped += len(batch)
            log.exception("query log: %d records not written", len(batch))

    def _prune(self, store: LogStore) -> None:
        now = time.time()
        if now - self._last_prune < PRUNE_EVERY_S:
            return
        self._last_prune = now
        try:
            store.prune(now - self.retention_s)
        except Exception:
            log.exception("query log: pruning failed")


# -- settings ---------------------------------------------------------------------------------


def settings_from_env(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The query log's settings. ``COURSE_SEARCH_QUERY_LOG`` is the canonical name;
    ``QUERY_LOG`` is read when it is not set."""
    env = os.environ if environ is None else environ
    return {
        "QUERY_LOG": env.get("COURSE_SEARCH_QUERY_LOG", env.get("QUERY_LOG", "on")),
        "QUERY_LOG_PATH": env.get("COURSE_SEARCH_QUERY_LOG_PATH", ""),
        "QUERY_LOG_DAYS": env.get("COURSE_SEARCH_QUERY_LOG_DAYS", "90"),
        "INSIGHTS_TOKEN": env.get("COURSE_SEARCH_INSIGHTS_TOKEN", ""),
    }


def enabled(value: object) -> bool:
    text = str(value).strip().lower()
    if text in ON:
        return True
    if text in OFF:
        return False
    raise ValueError(f"COURSE_SEARCH_QUERY_LOG={value!r}: give on or off")


def retention_days(value: object) -> float:
    try:
        days = float(str(value))
    except ValueError:
        days = -1
    if not 0 < days <= 36_500:
        raise ValueError(f"COURSE_SEARCH_QUERY_LOG_DAYS={value!r}: give a number of days (1-36500)")
    return days


def db_path(config: Mapping[str, Any]) -> Path:
    """The SQLite file: ``COURSE_SEARCH_QUERY_LOG_PATH``, else beside the index's generations."""
    explicit = str(config.get("QUERY_LOG_PATH") or "")
    return Path(explicit) if explicit else Path(config["INDEX_DIR"]) / DB_FILE


def init_app(app: Flask) -> None:
    """Read the settings (config given to ``create_app`` wins over the environment) and attach
    the log; nothing starts until the first search."""
    for name, value in settings_from_env().items():
        app.config.setdefault(name, value)
    days = retention_days(app.config["QUERY_LOG_DAYS"])
    if not enabled(app.config["QUERY_LOG"]):
        app.extensions[EXTENSION] = None
        return
    path = db_path(app.config)
    app.extensions[EXTENSION] = QueryLog(lambda: SqliteStore(path), retention_days=days)


def log_of(app: Flask | None = None) -> QueryLog | None:
    found = (app or current_app).extensions.get(EXTENSION)
    return found if isinstance(found, QueryLog) else None


# -- records ----------------------------------------------------------------------------------


def normalise(q: str) -> str:
    return " ".join(q.casefold().split())


def record_search(surface: str, query: SearchQuery, results: SearchResults) -> str | None:
    """Log one search (cached answers too); the id a click on its results sends back."""
    found = log_of()
    if found is None:
        return None
    search_id = secrets.token_hex(8)
    interpreted = results.interpreted
    careers = list(query.careers)
    careers += [c for c in _strings(interpreted.get("careers")) if c not in careers]
    places = [*query.locations, *([query.state] if query.state else [])]
    places += [query.near] if query.near else []
    for key in ("location", "state"):
        value = interpreted.get(key)
        if isinstance(value, str) and value not in places:
            places.append(value)
    filters: dict[str, object] = {k: list(v) for k, v in query.filters().items() if v}
    for name in ("near", "radius", "max_cost", "max_weeks"):
        if getattr(query, name):
            filters[name] = getattr(query, name)
    if query.ignore:
        filters["ignore"] = sorted(query.ignore)
    found.add(
        SearchRecord(
            id=search_id,
            at=time.time(),
            surface=surface,
            query=normalise(query.q),
            filters=filters,
            interpreted=interpreted,
            careers=tuple(careers),
            places=tuple(places),
            total=results.total,
            page=query.page,
            generation=results.generation,
            suggestion=results.suggestion,
            relaxed=tuple(results.relaxed),
        )
    )
    return search_id


def record_click(search_id: str, doc_id: str, position: int, surface: str) -> bool:
    found = log_of()
    if found is None:
        return False
    found.add(ClickRecord(search_id, time.time(), doc_id, position, surface))
    return True


def _strings(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []
