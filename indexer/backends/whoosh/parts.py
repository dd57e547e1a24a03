"""A full Whoosh build in worker processes: each parses its share of the sources and writes its
own segment (more than one if its writer fills: :meth:`.IndexWriter.full`); this process then
lists their segments in one index and replays what one process would have decided (source order,
duplicate ids)."""

from __future__ import annotations

import gc
import shutil
import time
from collections import Counter
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC, clean_files

from indexer import geo, parallel, vocabulary
from indexer.backends.whoosh.schema import build_schema
from indexer.backends.whoosh.segment_writer import WHOOSH_IMMUTABLE, IndexWriter, writer_limit_mb
from indexer.feeds import repeated_ids
from indexer.fields import to_fields
from indexer.models import BuildReport, Source, SourceError
from indexer.parallel import Task, TaskDone
from indexer.read import SourceResult, read_source
from indexer.taxonomy import Taxonomy


def index_share(
    tasks: list[Task], taxonomy: Taxonomy, part_dir: Path, index_dir: Path
) -> tuple[list[TaskDone], list[Any], dict[str, float]]:
    """In a worker process: read, normalise and index some sources into a segment of our own."""
    geo.use_cache(index_dir)
    _settle()
    ix = whoosh_index.create_in(str(part_dir), build_schema(taxonomy))
    writer = IndexWriter(ix, limitmb=writer_limit_mb())
    done: list[TaskDone] = []
    docnum = 0  # in this worker's segments, numbered on from one to the next
    # One string object per distinct word, so that what is sent back pickles each word once
    # (at 100k documents a worker's reply pickled five times faster: 0.44 -> 0.08 s).
    lexicon: dict[str, str] = {}
    parse_s = write_s = 0.0
    try:
        for task in tasks:
            began = time.perf_counter()
            result = read_source(task.source, taxonomy, task.share, task.shares)
            parsed = time.perf_counter()
            parse_s += parsed - began
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
                        tuple([lexicon.setdefault(w, w) for w in vocabulary.document_words(doc)]),
                    )
                )
                docnum += 1
                writer = writer.rolled()  # full: its segment written, a new one begun
            write_s += time.perf_counter() - parsed
            result.documents = []
            done.append(TaskDone(task.order, task.share, result, docs))
            parallel.task_finished(task.order)
        began = time.perf_counter()
        writer.commit(merge=False)
        write_s += time.perf_counter() - began
    except BaseException:
        writer.cancel()
        raise
    segments = ix._segments() if docnum else []
    ix.close()
    return done, segments, {"parse": parse_s, "write": write_s}


def _settle() -> None:
    """Load what reading every document uses (the US place tables), then leave all that is
    alive now out of the garbage collector's passes: otherwise its full passes walk those
    tables again and again, a twentieth of a worker's time. (A worker exits after its share.)"""
    geo.preload()
    gc.freeze()


def write_in_parallel(
    options: Any,
    report: BuildReport,
    taxonomy: Taxonomy,
    todo: list[tuple[Source, str]],
    kept: dict[str, dict[str, Any]],
    build_dir: Path,
    workers: int,
) -> tuple[dict[str, list[float]], Counter[str]]:
    """A full build shared among worker processes, each writing its own segment; this process
    then lists their segments in one index."""
    plans = [p for p in parallel.plan(todo, workers) if p]
    parts = [build_dir / ".parts" / str(k) for k in range(len(plans))]
    for part in parts:
        part.mkdir(parents=True)
    outcomes = parallel.run(
        plans,
        index_share,
        [(taxonomy, part, options.index_dir) for part in parts],
        build_dir,
        len(todo),
        options.progress,
    )
    started = time.perf_counter()
    storage = FileStorage(str(build_dir))
    whoosh_index.create_in(str(build_dir), build_schema(taxonomy)).close()
    segments: list[Any] = []
    done: dict[int, list[tuple[TaskDone, list[Any]]]] = {}
    for part, (tasks_done, part_segments, _) in zip(parts, outcomes, strict=True):
        for file in part.iterdir():
            if WHOOSH_IMMUTABLE.match(file.name) and not file.name.endswith(".toc"):
                file.replace(build_dir / file.name)
        segments.extend(part_segments)
        for task_done in tasks_done:
            done.setdefault(task_done.order, []).append((task_done, part_segments))
    shutil.rmtree(build_dir / ".parts")
    places, words = _replay(report, taxonomy, todo, kept, done)
    TOC(build_schema(taxonomy), segments, 1).write(storage, "MAIN")
    clean_files(storage, "MAIN", 1, segments)
    report.timings.update(
        parse=round(sum(o[2]["parse"] for o in outcomes), 3),
        write=round(sum(o[2]["write"] for o in outcomes), 3),
        workers=len(plans),
        assemble=round(time.perf_counter() - started, 3),
        segments=len(segments),
    )
    return places, words


def _replay(
    report: BuildReport,
    taxonomy: Taxonomy,
    todo: list[tuple[Source, str]],
    kept: dict[str, dict[str, Any]],
    done: dict[int, list[tuple[TaskDone, list[Any]]]],
) -> tuple[dict[str, list[float]], Counter[str]]:
    """Put the shares back in source order and replay what one process would have decided."""
    owner: dict[str, str] = {}
    places: dict[str, list[float]] = {}
    words = vocabulary.taxonomy_words(taxonomy)
    for order, (source, digest) in enumerate(todo):
        shares = sorted(done.get(order, []), key=lambda d: d[0].share)
        first = shares[0][0].result if shares else SourceResult(fatal=True)
        if first.fatal:
            report.errors.extend(first.errors)
            continue
        # A feed's rows repeating an id its earlier rows have, seen now that all are read.
        repeated = repeated_ids(i for d, _ in shares for i in d.result.ids)
        errors = [
            (key, e)
            for d, _ in shares
            for key, e in zip(d.result.error_keys, d.result.errors, strict=True)
            if key[0] == 0 or key[1] not in repeated
        ]
        errors += [
            ((0, n), SourceError(f"{source.path} {label}", why))
            for n, label, why in repeated.values()
        ]
        warnings = [
            (key, w)
            for d, _ in shares
            for key, w in zip(d.result.warning_keys, d.result.warnings, strict=True)
            if key[1] not in repeated
        ]
        report.errors.extend(e for _, e in sorted(errors, key=lambda x: x[0]))
        report.warnings.extend(w for _, w in sorted(warnings, key=lambda x: x[0]))
        rows = sorted(
            ((d, part) for task_done, part in shares for d in task_done.docs),
            key=lambda x: x[0][1],
        )
        ids: list[str] = []
        for (docnum, row, doc_id, location, lat, lon, doc_words), part in rows:
            if row in repeated:  # already written by its worker: deleted
                segment, local = _locate(part, docnum)
                segment.delete_document(local)
                continue
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
                segment, local = _locate(part, docnum)
                segment.delete_document(local)
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
    return places, words


def _locate(segments: list[Any], docnum: int) -> tuple[Any, int]:
    """The segment of a worker's document, and its number there (a worker numbers its
    documents on from one segment to the next)."""
    for segment in segments:
        count = segment.doc_count_all()
        if docnum < count:
            return segment, docnum
        docnum -= count
    raise IndexError(f"document {docnum} is past the worker's segments")
