"""Production serving with gunicorn, configured in code so ``course-search serve`` needs no file."""

from __future__ import annotations

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


def serve(app: Flask, *, host: str, port: int, workers: int = 2) -> None:
    """Sync workers: each holds its own long-lived searcher; Whoosh readers are not thread-safe."""
    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": "sync",
        "timeout": 30,
        "graceful_timeout": 10,
        "max_requests": 20_000,
        "max_requests_jitter": 2_000,
        "accesslog": "-",
        "errorlog": "-",
        "limit_request_line": 4094,
        "limit_request_fields": 50,
        "post_worker_init": warm_worker,
    }
    _Gunicorn(app, options).run()


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
