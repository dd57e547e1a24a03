"""Build the index: full or incremental, as a new generation swapped in atomically.

The stages, each its own module: collect (:mod:`indexer.collect`: the sources, the taxonomy, what
changed), parse (:mod:`indexer.read`, in worker processes for a full build:
:mod:`indexer.parallel`), write (the backend's: :mod:`indexer.backends.whoosh.write`) and swap
(:mod:`indexer.swap`). One build runs at a time per index (:mod:`indexer.lock`).
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from indexer import backends, generations, geo, swap
from indexer.collect import changes, load_corpus_taxonomy
from indexer.crawl.pages import WebPages, remembered_pages
from indexer.fields import SCHEMA_VERSION
from indexer.lock import build_lock
from indexer.models import BuildReport, SourceError
from indexer.read import PARSER_VERSION
from indexer.sources import discover

Progress = Callable[[int, int], None]


@dataclass
class BuildOptions:
    corpora: list[Path]
    index_dir: Path
    full: bool = False
    wait: bool = False
    progress: Progress | None = None
    # Worker processes for a full build: None picks the CPU count when there is enough to read;
    # 1 builds in this process.
    workers: int | None = None
    # The pages of a website (``course-search crawl``): called with the build lock held and the
    # manifest in service, returns what was fetched. None keeps the crawled pages the index has,
    # read again from the crawl's page cache when they must be (a full build).
    web: Callable[[dict[str, Any]], WebPages] | None = None


def build(options: BuildOptions) -> BuildReport:
    """Index the corpora into ``options.index_dir``; see the module docstring."""
    started = time.perf_counter()
    report = BuildReport(full=options.full)
    notes: list[str] = []
    with build_lock(options.index_dir, wait=options.wait, notes=notes):
        report.warnings.extend(SourceError(str(options.index_dir), n) for n in notes)
        generations.clean(options.index_dir)
        _build_locked(options, report)
        generations.clean(options.index_dir)
    report.failed = len(report.errors)
    report.seconds = time.perf_counter() - started
    return report


def _build_locked(options: BuildOptions, report: BuildReport) -> None:
    index_dir = options.index_dir
    geo.use_cache(index_dir)
    found = discover(options.corpora)
    report.errors.extend(found.errors)
    report.warnings.extend(found.warnings)
    taxonomy = load_corpus_taxonomy(options.corpora)
    base = generations.current(index_dir)
    manifest = base.manifest() if base else {}
    web = options.web(manifest) if options.web else remembered_pages(index_dir, manifest)
    found.sources.extend(web.sources)
    report.errors.extend(web.errors)
    report.warnings.extend(web.warnings)
    compatible = (
        manifest.get("schema") == SCHEMA_VERSION
        and manifest.get("parser") == PARSER_VERSION
        and manifest.get("taxonomy") == taxonomy.fingerprint
    )
    full = options.full or base is None or not compatible
    report.full = full
    old_sources: dict[str, dict[str, Any]] = {} if full else dict(manifest.get("sources", {}))
    todo = changes(found.sources, old_sources, report)
    if base is not None and not full and not todo.todo and not todo.removed:
        report.generation = base.name
        report.documents = int(manifest.get("documents", 0))
        return

    build_dir = generations.new_build_dir(index_dir)
    try:
        writer = backends.backend("whoosh")  # Typesense's build is its own: build_typesense
        written = writer.write(options, report, taxonomy, base, full, todo, old_sources, build_dir)
        if written is None:  # nothing changed after all: the generation in service stays
            assert base is not None
            shutil.rmtree(build_dir, ignore_errors=True)
            report.generation = base.name
            report.documents = sum(len(v.get("docs", [])) for v in todo.kept.values())
            return
        places, words = written
        swap.seal(
            options.corpora,
            index_dir,
            report,
            taxonomy,
            todo.kept,
            places,
            words,
            build_dir,
            {"crawl": web.state},
        )
    except BaseException:
        shutil.rmtree(build_dir, ignore_errors=True)
        raise
