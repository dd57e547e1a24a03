"""gunicorn's threaded worker, closing finished connections off its event loop.

gthread's main thread accepts connections and hands them to its pool; when a connection is done
it closes it gracefully *on the main thread*, half-closing and then waiting up to 2 s for the
client to close its side. A client that stalls mid-headers and is dropped by the idle timeout
never closes its side, so each such close held the main thread, and every new connection, for
2 s. Here those closes run in the pool, and the loop goes on accepting.
"""

from __future__ import annotations

from concurrent.futures import Future
from typing import Any

from gunicorn.workers.gthread import ThreadWorker


class ClosingThreadWorker(ThreadWorker):  # type: ignore[misc]
    def finish_request(self, conn: Any, fs: Future[Any]) -> None:
        if fs.cancelled() or fs.exception() is not None or fs.result():
            super().finish_request(conn, fs)  # errors, keep-alive and deferred connections
            return
        self.nr_conns -= 1
        self.tpool.submit(conn.close, True)  # graceful, in a pool thread
