"""Build the index: full or incremental, as a new generation swapped in atomically."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import multiprocessing
import os
import re
import shutil
import sys
import threading
import time
import types
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_EXCEPTION, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC, clean_files

from indexer import generations, geo, vocabulary
from indexer.crawl.pages import WebPages, remembered_pages
from indexer.feeds import FeedError, read_feed
from indexer.lock import build_lock
from indexer.models import BuildReport, Document, Source, SourceError
from indexer.normalize import NormalizeError, normalize
from indexer.parse import MAX_PAGE_BYTES, ParseError, parse_html
from indexer.schema import SCHEMA_VERSION, build_schema, to_fields
from indexer.segment_writer import IndexWriter, writer_limit_mb
from indexer.sources import discover
from indexer.synonyms import FILE as SYNONYMS_FILE
from indexer.synonyms import load_taxonomy_with_synonyms
from indexer.taxonomy import Taxonomy

PARSER_VERSION = 2  # 2: deterministic decoding (BOM, UTF-8, declared charset, windows-1252)
log = logging.getLogger(__name__)
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


@dataclass
class _SourceResult:
    documents: list[Document] = field(default_factory=list)
    errors: list[SourceError] = field(default_factory=list)
    warnings: list[SourceError] = field(default_factory=list)
    fatal: bool = False  # the whole source failed: keep what the index had for it
    # The feed row of each document, error and warning (-1: the feed as a whole), so the shares
    # of a feed read by several workers are put back in the order one reader reports them.
    rows: list[int] = field(default_factory=list)
    error_rows: list[int] = field(default_factory=list)
    warning_rows: list[int] = field(default_factory=list)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def taxonomy_file(corpora: list[Path]) -> Path | None:
    """The ``careers.toml`` of the first corpus that has one: it is the taxonomy of the build."""
    return next((c / "careers.toml" for c in corpora if (c / "careers.toml").is_file()), None)


def load_corpus_taxonomy(corpora: list[Path]) -> Taxonomy:
    """The build's taxonomy, with the ``synonyms.toml`` beside its ``careers.toml``; a bad
    synonyms file raises :class:`~indexer.synonyms.SynonymsError` before anything is written."""
    return load_taxonomy_with_synonyms(taxonomy_file(corpora))


def read_source(
    source: Source, taxonomy: Taxonomy, share: int = 0, shares: int = 1
) -> _SourceResult:
    """Parse and normalise one source; every problem becomes an error with the source's path.

    With ``shares`` > 1, only the feed rows ``share``, ``share + shares``... are normalised, and
    only share 0 reports what is wrong with the feed itself.
    """
    result = _SourceResult()
    path = str(source.path)
    try:
        if source.kind_hint == "feed":
            rows = read_feed(source)
            raws = rows.documents
            if share == 0:
                result.errors.extend(
                    SourceError(f"{path} {label}", why) for label, why in rows.errors
                )
        else:
            raws = [parse_html(read_page(source.path), source.doc_id, source.key, source.kind_hint)]
            if source.url:  # a crawled page: its canonical URL, as the crawler resolved it
                raws[0].url = source.url
    except (ParseError, FeedError) as exc:
        result.errors.append(SourceError(path, str(exc)))
        result.fatal = True
        return result
    except OSError as exc:
        result.errors.append(SourceError(path, f"cannot read: {exc.strerror or exc}"))
        result.fatal = True
        return result
    except Exception as exc:  # one hostile source must never stop the whole build
        log.exception("unexpected error reading %s", path)
        result.errors.append(SourceError(path, _unexpected(exc)))
        result.fatal = True
        return result
    result.error_rows = [-1] * len(result.errors)
    for row in range(share, len(raws), shares):
        raw = raws[row]
        label = path
        if source.kind_hint == "feed":
            label = f"{path} id {raw.doc_id}" + (f" ({raw.origin})" if raw.origin else "")
        try:
            doc, warnings = normalize(raw, taxonomy)
        except NormalizeError as exc:
            result.errors.append(SourceError(label, str(exc)))
            result.error_rows.append(row)
            continue
        except Exception as exc:
            log.exception("unexpected error normalising %s", label)
            result.errors.append(SourceError(label, _unexpected(exc)))
            result.error_rows.append(row)
            continue
        result.documents.append(doc)
        result.rows.append(row)
        result.warnings.extend(SourceError(label, w) for w in warnings)
        result.warning_rows.extend(row for _ in warnings)
    if not result.documents and source.kind_hint != "feed":
        result.fatal = True
    return result


def read_page(path: Path) -> bytes:
    """A page's bytes; one over the parser's limit is refused from its size, before any reading."""
    with path.open("rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > MAX_PAGE_BYTES:
            raise ParseError(f"page is {size / 1048576:.1f} MB, over the 10 MB limit")
        return handle.read(MAX_PAGE_BYTES + 1)


def _unexpected(exc: Exception) -> str:
    text = str(exc)
    text = text if len(text) <= 200 else text[:200] + "…"
    return f"could not be indexed ({type(exc).__name__}: {text})"


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


def fingerprint(source: Source, old: dict[str, Any] | None) -> str:
    """A source's SHA-256, from ``old`` (its last build's record) when size and mtime match."""
    if old and old.get("size") == source.size and old.get("mtime_ns") == source.mtime_ns:
        return str(old.get("sha256", ""))
    return sha256_of(source.path)


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
    if base is None or not compatible:
        report.full = True
    full = options.full or report.full
    report.full = full
    old_sources: dict[str, dict[str, Any]] = {} if full else dict(manifest.get("sources", {}))

    todo: list[tuple[Source, str]] = []
    kept: dict[str, dict[str, Any]] = {}
    for source in found.sources:
        try:
            digest = fingerprint(source, old_sources.get(source.key))
        except OSError as exc:
            report.errors.append(SourceError(str(source.path), f"cannot read: {exc.strerror}"))
            if source.key in old_sources:
                kept[source.key] = old_sources[source.key]
            continue
        old = old_sources.get(source.key)
        if old is not None and old.get("sha256") == digest:
            kept[source.key] = {**old, "size": source.size, "mtime_ns": source.mtime_ns}
        else:
            todo.append((source, digest))
    seen_keys = {s.key for s in found.sources}
    removed_keys = [k for k in old_sources if k not in seen_keys]
    report.unchanged = sum(len(v.get("docs", [])) for v in kept.values())

    if base is not None and not full and not todo and not removed_keys:
        report.generation = base.name
        report.documents = int(manifest.get("documents", 0))
        return

    build_dir = generations.new_build_dir(index_dir)
    try:
        _write(
            options,
            report,
            taxonomy,
            base,
            full,
            todo,
            kept,
            old_sources,
            removed_keys,
            build_dir,
            {"crawl": web.state},
        )
    except BaseException:
        shutil.rmtree(build_dir, ignore_errors=True)
        raise


def _write(
    options: BuildOptions,
    report: BuildReport,
    taxonomy: Taxonomy,
    base: generations.Generation | None,
    full: bool,
    todo: list[tuple[Source, str]],
    kept: dict[str, dict[str, Any]],
    old_sources: dict[str, dict[str, Any]],
    removed_keys: list[str],
    build_dir: Path,
    extra: dict[str, Any],
) -> None:
    workers = _worker_count(options, full or base is None, todo)
    if workers > 1:
        found = _write_in_parallel(options, report, taxonomy, todo, kept, build_dir, workers)
        _seal(options, report, taxonomy, kept, *found, build_dir, extra)
        return
    if full or base is None:
        ix = whoosh_index.create_in(str(build_dir), build_schema(taxonomy))
    else:
        seed_from_generation(base.path, build_dir)
        # Without mmap, opening the segments to find what a changed source replaces reads only
        # the terms it looks up; with it, Whoosh copies each segment's postings into memory.
        ix = FileStorage(str(build_dir), supports_mmap=False).open_index()
    owner: dict[str, str] = {d: key for key, v in kept.items() for d in v.get("docs", [])}
    places: dict[str, list[float]] = (
        {} if full or base is None else dict(base.manifest().get("places", {}))
    )
    words = vocabulary.taxonomy_words(taxonomy)
    if not full and base is not None:
        words.update(vocabulary.load(base.path))
    writer = IndexWriter(ix, limitmb=writer_limit_mb())
    try:
        for key in removed_keys:
            report.removed += len(old_sources[key].get("docs", []))
            writer.delete_by_term("source", key)
        for n, (source, digest) in enumerate(todo, start=1):
            result = read_source(source, taxonomy)
            report.errors.extend(result.errors)
            report.warnings.extend(result.warnings)
            old = old_sources.get(source.key)
            if result.fatal:
                if old is not None:  # keep serving what the last good version said
                    kept[source.key] = old
                    report.unchanged += len(old.get("docs", []))
                    for doc_id in old.get("docs", []):
                        owner[doc_id] = source.key
            else:
                if old is not None:
                    writer.delete_by_term("source", source.key)
                    report.removed += max(0, len(old.get("docs", [])) - len(result.documents))
                docs = drop_duplicate_ids(result.documents, source, owner, report)
                for doc in docs:
                    writer.add_document(**to_fields(doc, taxonomy))
                    words.update(vocabulary.document_words(doc))
                    if doc.location and doc.lat is not None and doc.lon is not None:
                        places[doc.location] = [round(doc.lat, 5), round(doc.lon, 5)]
                if old is not None:
                    report.updated += len(docs)
                else:
                    report.added += len(docs)
                kept[source.key] = {
                    "size": source.size,
                    "mtime_ns": source.mtime_ns,
                    "sha256": digest,
                    "docs": [d.id for d in docs],
                }
            if options.progress is not None:
                options.progress(n, len(todo))
        if base is not None and not full and not (report.added or report.updated or report.removed):
            # Only sources that still fail were read (they keep their last good documents): the
            # index would not change, so the generation in service stays, as when nothing changed.
            writer.cancel()
            ix.close()
            shutil.rmtree(build_dir, ignore_errors=True)
            report.generation = base.name
            report.documents = sum(len(v.get("docs", [])) for v in kept.values())
            return
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    ix.close()
    _seal(options, report, taxonomy, kept, places, words, build_dir, extra)


def _seal(
    options: BuildOptions,
    report: BuildReport,
    taxonomy: Taxonomy,
    kept: dict[str, dict[str, Any]],
    places: dict[str, list[float]],
    words: Counter[str],
    build_dir: Path,
    extra: dict[str, Any],
) -> None:
    """Write the manifest, vocabulary and taxonomy beside the finished index, and publish it."""
    report.documents = sum(len(v.get("docs", [])) for v in kept.values())
    report.failed = len(report.errors)
    manifest = {
        "schema": SCHEMA_VERSION,
        "parser": PARSER_VERSION,
        "taxonomy": taxonomy.fingerprint,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "documents": report.documents,
        "corpora": [str(p.absolute()) for p in options.corpora],
        "sources": kept,
        "places": places,
        **extra,
    }
    vocabulary.save(build_dir, words)
    source_taxonomy = taxonomy_file(options.corpora)
    if source_taxonomy is not None:
        shutil.copyfile(source_taxonomy, build_dir / "careers.toml")
        if (synonyms := source_taxonomy.with_name(SYNONYMS_FILE)).is_file():
            shutil.copyfile(synonyms, build_dir / SYNONYMS_FILE)  # queries read what docs were
    report.generation = generations.publish(options.index_dir, build_dir, manifest).name


# A full build with more than this much to read is shared among worker processes, and a feed
# bigger than FEED_SHARE_MIN_BYTES is read by all of them, each normalising and indexing a share.
PARALLEL_MIN_BYTES = 4 << 20
FEED_SHARE_MIN_BYTES = 64 << 10


@dataclass
class _Task:
    """One source, or one share of a feed's rows, for a worker."""

    order: int  # the source's place in the build's list
    source: Source
    share: int = 0
    shares: int = 1


@dataclass
class _TaskDone:
    order: int
    share: int
    result: _SourceResult  # its documents stay in the worker: see ``docs``
    # (docnum in the worker's segment, feed row, id, location, lat, lon, vocabulary words)
    docs: list[tuple[int, int, str, str | None, float | None, float | None, tuple[str, ...]]]


def _worker_count(options: BuildOptions, full: bool, todo: list[tuple[Source, str]]) -> int:
    if options.workers is not None:
        return max(1, options.workers) if full else 1
    if not full or sum(s.size for s, _ in todo) < PARALLEL_MIN_BYTES:
        return 1
    return max(1, min(os.cpu_count() or 1, 8))


def _plan(todo: list[tuple[Source, str]], workers: int) -> list[list[_Task]]:
    """Each worker's tasks, balanced by bytes; a big feed is split into one share per worker."""
    tasks: list[tuple[float, _Task]] = []
    for order, (source, _) in enumerate(todo):
        if source.kind_hint == "feed" and source.size >= FEED_SHARE_MIN_BYTES:
            tasks.extend(
                (source.size / workers, _Task(order, source, k, workers)) for k in range(workers)
            )
        else:
            tasks.append((float(source.size), _Task(order, source)))
    plans: list[list[_Task]] = [[] for _ in range(workers)]
    loads = [0.0] * workers
    for size, task in sorted(tasks, key=lambda t: -t[0]):
        # A feed's shares go to different workers; everything else to the least loaded one.
        k = task.share if task.shares > 1 else loads.index(min(loads))
        plans[k].append(task)
        loads[k] += size
    return plans


_progress_queue: Any = None


def _init_worker(queue: Any, build_pid: int, build_dir: Path) -> None:
    """In each worker: where to report finished sources, and a watchdog that ends the worker
    when its build is gone (killed: the worker is re-parented; failed or interrupted: its build
    directory was removed), rather than letting it index to the end for nobody."""
    global _progress_queue
    _progress_queue = queue

    def watch() -> None:
        while os.getppid() == build_pid and build_dir.is_dir():
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="build-watchdog", daemon=True).start()


def _index_share(
    tasks: list[_Task], taxonomy: Taxonomy, part_dir: Path, index_dir: Path
) -> tuple[list[_TaskDone], list[Any]]:
    """In a worker process: read, normalise and index some sources into a segment of our own."""
    geo.use_cache(index_dir)
    ix = whoosh_index.create_in(str(part_dir), build_schema(taxonomy))
    writer = IndexWriter(ix, limitmb=writer_limit_mb())
    done: list[_TaskDone] = []
    docnum = 0
    try:
        for task in tasks:
            result = read_source(task.source, taxonomy, task.share, task.shares)
            docs = []
            for doc, row in zip(result.documents, result.rows, strict=True):
                writer.add_document(**to_fields(doc, taxonomy))
                docs.append(
                    (
                        docnum,
                        row,
                        doc.id,
                        doc.location,
                        doc.lat,
                        doc.lon,
                        tuple(vocabulary.document_words(doc)),
                    )
                )
                docnum += 1
            result.documents = []
            done.append(_TaskDone(task.order, task.share, result, docs))
            if _progress_queue is not None:
                _progress_queue.put(task.order)
        writer.commit(merge=False)
    except BaseException:
        writer.cancel()
        raise
    segments = ix._segments() if docnum else []
    ix.close()
    return done, segments


@contextlib.contextmanager
def _main_module_hidden() -> Iterator[None]:
    """While workers are started: a spawned worker runs the parent's ``__main__`` script again
    (to find functions defined there) unless there seems to be none. A caller's script without
    an ``if __name__ == "__main__"`` guard would build again in every worker; the workers only
    need this module."""
    main = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        if main is not None:
            sys.modules["__main__"] = main


def _write_in_parallel(
    options: BuildOptions,
    report: BuildReport,
    taxonomy: Taxonomy,
    todo: list[tuple[Source, str]],
    kept: dict[str, dict[str, Any]],
    build_dir: Path,
    workers: int,
) -> tuple[dict[str, list[float]], Counter[str]]:
    """A full build shared among worker processes, each writing its own segment; this process
    then lists their segments in one index. Workers are started fresh ("spawn"), not forked, so
    none inherits the build lock's descriptor: a build killed with -9 releases the lock at once
    (and its workers stop at their next source, seeing it gone)."""
    plans = [plan for plan in _plan(todo, workers) if plan]
    parts = [build_dir / ".parts" / str(k) for k in range(len(plans))]
    for part in parts:
        part.mkdir(parents=True)
    context = multiprocessing.get_context("spawn")
    queue = context.SimpleQueue()
    shares_of = {task.order: task.shares for plan in plans for task in plan}
    pending_shares = dict(shares_of)
    finished = 0
    executor = ProcessPoolExecutor(
        max_workers=len(plans),
        mp_context=context,
        initializer=_init_worker,
        initargs=(queue, os.getpid(), build_dir),
    )
    try:
        with _main_module_hidden():
            futures = [
                executor.submit(_index_share, plan, taxonomy, part, options.index_dir)
                for plan, part in zip(plans, parts, strict=True)
            ]
        while True:
            waiting = wait(futures, timeout=0.2, return_when=FIRST_EXCEPTION).not_done
            while not queue.empty():
                order = queue.get()
                pending_shares[order] -= 1
                if pending_shares[order] == 0:
                    finished += 1
                    if options.progress is not None:
                        options.progress(finished, len(todo))
            if not waiting or any(f.done() and f.exception() for f in futures):
                break
        outcomes = [f.result() for f in futures]
    except BaseException:
        executor.shutdown(wait=False, cancel_futures=True)
        raise
    executor.shutdown(wait=True)  # idle now: they exit at once (and are reaped: their rusage)

    storage = FileStorage(str(build_dir))
    whoosh_index.create_in(str(build_dir), build_schema(taxonomy)).close()
    segments: list[Any] = []
    done: dict[int, list[tuple[_TaskDone, Any]]] = {}
    for part, (tasks_done, part_segments) in zip(parts, outcomes, strict=True):
        for file in part.iterdir():
            if _WHOOSH_IMMUTABLE.match(file.name) and not file.name.endswith(".toc"):
                file.replace(build_dir / file.name)
        segment = part_segments[0] if part_segments else None
        segments.extend(part_segments)
        for task_done in tasks_done:
            done.setdefault(task_done.order, []).append((task_done, segment))
    shutil.rmtree(build_dir / ".parts")

    # Put the shares back in source order and replay what one process would have decided.
    owner: dict[str, str] = {}
    places: dict[str, list[float]] = {}
    words = vocabulary.taxonomy_words(taxonomy)
    for order, (source, digest) in enumerate(todo):
        shares = sorted(done.get(order, []), key=lambda d: d[0].share)
        first = shares[0][0].result if shares else _SourceResult(fatal=True)
        if first.fatal:
            report.errors.extend(first.errors)
            continue
        errors = [
            (row, e)
            for d, _ in shares
            for row, e in zip(
                d.result.error_rows or [-1] * len(d.result.errors), d.result.errors, strict=False
            )
        ]
        warnings = [
            (row, w)
            for d, _ in shares
            for row, w in zip(
                d.result.warning_rows or [-1] * len(d.result.warnings),
                d.result.warnings,
                strict=False,
            )
        ]
        report.errors.extend(e for _, e in sorted(errors, key=lambda x: x[0]))
        report.warnings.extend(w for _, w in sorted(warnings, key=lambda x: x[0]))
        rows = sorted(
            ((d, segment) for task_done, segment in shares for d in task_done.docs),
            key=lambda x: x[0][1],
        )
        ids: list[str] = []
        for (docnum, _, doc_id, location, lat, lon, doc_words), segment in rows:
            other = owner.get(doc_id)
            if other is not None and other != source.key:
                report.errors.append(
                    SourceError(
                        str(source.path), f"duplicate id {doc_id!r}, already used by {other}"
                    )
                )
                # Already written by its worker: deleted, as an incremental build deletes the
                # old version of a changed document (its terms still count in statistics
                # until that segment is merged).
                segment.delete_document(docnum)
                continue
            owner[doc_id] = source.key
            ids.append(doc_id)
            words.update(doc_words)
            if location and lat is not None and lon is not None:
                places[location] = [round(lat, 5), round(lon, 5)]
        report.added += len(ids)
        kept[source.key] = {
            "size": source.size,
            "mtime_ns": source.mtime_ns,
            "sha256": digest,
            "docs": ids,
        }
    TOC(build_schema(taxonomy), segments, 1).write(storage, "MAIN")
    clean_files(storage, "MAIN", 1, segments)
    return places, words


# Files Whoosh writes once and never opens for writing again: a segment's files (their names carry
# a random segment id, so a writer never reuses one) and the table of contents (a new generation
# number each commit, written under a temporary name and renamed). A writer only adds new ones and
# unlinks those it no longer needs, which leaves another directory's link to the same file intact.
_WHOOSH_IMMUTABLE = re.compile(r"^(_MAIN_[0-9]+\.toc|MAIN_[0-9a-z]+\.[A-Za-z0-9_.]+)$")


def seed_from_generation(source: Path, build_dir: Path) -> None:
    """Start an incremental build from the generation in service without copying its index.

    Whoosh's immutable files are hard-linked (free, whatever their size); everything else (the
    vocabulary, the taxonomy copy: files this build rewrites in place) is copied, so nothing the
    build writes can reach the old generation's bytes. The manifest is left out: ``publish``
    writes the new one. A filesystem without hard links gets copies.
    """
    for entry in os.scandir(source):
        if not entry.is_file(follow_symlinks=False) or entry.name == generations.MANIFEST:
            continue
        target = build_dir / entry.name
        if _WHOOSH_IMMUTABLE.match(entry.name):
            try:
                os.link(entry.path, target)
                continue
            except OSError:
                pass  # no hard links here (or across these paths): copy instead
        shutil.copy2(entry.path, target)


def drop_duplicate_ids(
    docs: list[Document], source: Source, owner: dict[str, str], report: BuildReport
) -> list[Document]:
    out: list[Document] = []
    for doc in docs:
        other = owner.get(doc.id)
        if other is not None and other != source.key:
            report.errors.append(
                SourceError(str(source.path), f"duplicate id {doc.id!r}, already used by {other}")
            )
            continue
        owner[doc.id] = source.key
        out.append(doc)
    return out
