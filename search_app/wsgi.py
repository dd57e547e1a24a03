"""Production serving with gunicorn, configured in code so ``course-search serve`` needs no file."""

from __future__ import annotations

import socket
import struct
import threading
from functools import partial
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    def __init__(self, app: Flask, options: dict[str, Any]) -> None:
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return self.application


THREADS = 32  # connections a worker holds at once: a slow client ties up a thread, not the worker
KEEPALIVE_S = 5
CLIENT_IDLE_S = 10  # a client that sends or reads nothing for this long is dropped


def serve(
    app: Flask,
    *,
    host: str,
    port: int,
    workers: int = 2,
    threads: int = THREADS,
    client_idle_s: float = CLIENT_IDLE_S,
) -> None:
    """gthread workers: each worker's threads read requests and write responses, so a client
    that never finishes its headers holds one thread, not the worker, and is dropped after
    ``client_idle_s`` without a byte; the app itself runs one request at a time per worker
    (:class:`OneAtATime`), as Whoosh's readers are not thread-safe."""
    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": "search_app.wsgi_worker.ClosingThreadWorker",
        "threads": threads,
        "keepalive": KEEPALIVE_S,
        "timeout": 30,
        "graceful_timeout": 10,
        "max_requests": 20_000,
        "max_requests_jitter": 2_000,
        "accesslog": "-",
        "errorlog": "-",
        "limit_request_line": 4094,
        "limit_request_fields": 50,
        "when_ready": partial(idle_timeouts, seconds=client_idle_s),
        "post_worker_init": warm_worker,
    }
    app.wsgi_app = OneAtATime(app.wsgi_app)  # type: ignore[method-assign]
    _Gunicorn(app, options).run()


class OneAtATime:
    """WSGI middleware: one request in the app at a time in this process. Searching is CPU-bound
    Python and the GIL lets only one thread run it anyway; the lock keeps Whoosh's file readers
    from being used by two threads while the other threads wait on slow clients' sockets."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        with self.lock:
            return self.app(environ, start_response)


def idle_timeouts(server: Any, *, seconds: float) -> None:
    """Kernel receive and send timeouts on the listening sockets, which the connections they
    accept inherit: a read or write on a socket that moves no byte for ``seconds`` fails, and
    gunicorn closes the connection instead of waiting for the client forever."""
    whole = int(seconds)
    value = struct.pack("ll", whole, int((seconds - whole) * 1_000_000))
    for listener in server.LISTENERS:
        for option in (socket.SO_RCVTIMEO, socket.SO_SNDTIMEO):
            listener.setsockopt(socket.SOL_SOCKET, option, value)


def warm_worker(worker: Any) -> None:
    """Open and warm this worker's searcher before it takes requests: opening a generation and
    reading its columns costs about 0.3 s at 100k documents, which no visitor should wait for."""
    app = getattr(worker, "wsgi", None)
    service = app.extensions.get("search") if isinstance(app, Flask) else None
    if service is None:
        return
    try:
        service.health()
        service.suggest("a")
    except Exception:  # no index yet, or a broken one: the first request reports it properly
        worker.log.warning("worker %s: search index not warmed", worker.pid, exc_info=True)


def app_from_env() -> Flask:
    """``gunicorn 'search_app.wsgi:app_from_env()'``: settings from the environment."""
    from search_app.app import create_app

    return create_app()
