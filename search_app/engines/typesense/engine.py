"""The Typesense engine: the same requests answered by a Typesense cluster.

Each request resolves the alias to one collection and uses it throughout (a consistent view
while a reindex moves the alias). The generation's metadata (taxonomy, places, vocabulary) is
read once per collection and revision, and re-checked at most every half second.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import threading
import time
from collections.abc import Iterator
from typing import Any

from indexer.backends.typesense.meta import alias_target, read_revision
from indexer.backends.typesense.schema import Cluster, close_client, make_client
from search_app.engines.base import IndexMissing
from search_app.engines.typesense.generation import Generation, load_generation
from search_app.engines.typesense.session import TypesenseSession

CHECK_INTERVAL_S = 0.5
log = logging.getLogger(__name__)


class TypesenseEngine:
    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster
        self._client: Any = None
        self._pid = 0
        nonce = secrets.token_hex(8)
        self.tags = (f"[{nonce}[", f"]{nonce}]")  # highlight tags no document can contain
        self._current: Generation | None = None
        self._checked = 0.0
        self._swap = threading.Lock()

    @property
    def client(self) -> Any:
        """This process's client: connections are never shared with a forked worker."""
        if self._client is None or self._pid != os.getpid():
            self._client, self._pid = make_client(self.cluster), os.getpid()
        return self._client

    def _refresh(self) -> None:
        if self._current is not None and time.monotonic() - self._checked < CHECK_INTERVAL_S:
            return
        # One thread checks; the others keep serving what they have meanwhile.
        if not self._swap.acquire(blocking=self._current is None):
            return
        try:
            self._check()
        finally:
            self._checked = time.monotonic()
            self._swap.release()

    def _check(self) -> None:
        current = self._current
        try:
            live = alias_target(self.client, self.cluster)
            if live is None:
                if current is None:
                    raise IndexMissing(
                        f"no index in Typesense (alias {self.cluster.alias}): "
                        "run `course-search index --engine typesense`"
                    )
                return
            revision = read_revision(self.client, self.cluster, live)
            if current is not None and (current.collection, current.revision) == (
                live,
                revision,
            ):
                return
            fresh = load_generation(self.client, self.cluster, live)
        except Exception:
            if current is None:
                raise
            log.exception(
                "could not check the Typesense index; still serving %s", current.collection
            )
            return
        self._current = fresh

    @contextlib.contextmanager
    def session(self) -> Iterator[TypesenseSession]:
        self._refresh()
        generation = self._current
        if generation is None:
            raise IndexMissing(f"no index in Typesense (alias {self.cluster.alias})")
        yield TypesenseSession(self, generation)

    def close(self) -> None:
        if self._client is not None and self._pid == os.getpid():
            close_client(self._client)
        self._client = None
