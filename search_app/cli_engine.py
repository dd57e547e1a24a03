"""The engine options every ``course-search`` command shares, and what they select: which
engine searches, and which build writes (Whoosh into --index; Typesense into the cluster, with
--index holding only the build lock)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from indexer.build import BuildOptions
from indexer.models import BuildReport
from search_app.engines import BACKENDS, backend

F = TypeVar("F", bound=Callable[..., Any])


def index_option(
    help_text: str = "Index directory (env COURSE_SEARCH_INDEX).",
) -> Callable[[F], F]:
    """``--index DIR`` (env ``COURSE_SEARCH_INDEX``), as every command reads it."""
    return click.option(
        "--index",
        "index_dir",
        envvar="COURSE_SEARCH_INDEX",
        default="var/index",
        show_default=True,
        type=click.Path(file_okay=False, path_type=Path),
        help=help_text,
    )


def corpus_option(help_text: str) -> Callable[[F], F]:
    """``--corpus DIR``, repeatable (env ``COURSE_SEARCH_CORPUS``)."""
    return click.option(
        "--corpus",
        "corpora",
        multiple=True,
        envvar="COURSE_SEARCH_CORPUS",
        default=("corpus",),
        show_default=True,
        type=click.Path(file_okay=False, path_type=Path),
        help=help_text,
    )


_OPTIONS = (
    click.option(
        "--engine",
        type=click.Choice(list(BACKENDS), case_sensitive=False),
        default="whoosh",
        show_default=True,
        envvar="COURSE_SEARCH_ENGINE",
        help="Search engine (env COURSE_SEARCH_ENGINE).",
    ),
    click.option(
        "--typesense-nodes",
        default="",
        envvar="COURSE_SEARCH_TYPESENSE_NODES",
        help="Every Typesense node, comma-separated: http://10.0.0.1:8108,... "
        "(env COURSE_SEARCH_TYPESENSE_NODES).",
    ),
    click.option(
        "--typesense-api-key",
        default="",
        envvar="COURSE_SEARCH_TYPESENSE_API_KEY",
        help="Typesense API key (env COURSE_SEARCH_TYPESENSE_API_KEY).",
    ),
)


def engine_options(command: F) -> F:
    for option in reversed(_OPTIONS):
        command = option(command)
    return command


def engine_settings(index_dir: Path, options: dict[str, Any]) -> dict[str, Any]:
    """App settings from a command's options (``engine``, ``typesense_nodes``...)."""
    settings = {
        "INDEX_DIR": str(index_dir),
        "ENGINE": str(options.get("engine") or "whoosh").lower(),
        "TYPESENSE_NODES": options.get("typesense_nodes") or "",
        "TYPESENSE_API_KEY": options.get("typesense_api_key") or "",
    }
    try:  # a missing node list or key is a usage error, said now
        backend(settings).check_settings(settings)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    return settings


def build_with(settings: dict[str, Any] | None, options: BuildOptions) -> BuildReport:
    """Build with the engine the settings name (Whoosh when none)."""
    chosen = settings or {"ENGINE": "whoosh", "INDEX_DIR": str(options.index_dir)}
    return backend(chosen).build_index(chosen, options)


def index_exists(settings: dict[str, Any]) -> bool:
    return backend(settings).index_exists(settings)
