"""Stage 3 of a Whoosh build, write: the documents into a new generation's directory.

A full build of enough sources shares the work among worker processes, each parsing and writing
its own segment (:mod:`.parts`); otherwise this process reads and writes: a full build into an
empty index, an incremental one into a copy of the generation in service (its segments
hard-linked), deleting what changed sources replace.
"""

from __future__ import annotations

import os
import shutil
import time
from collections import Counter
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage

from indexer import generations, parallel, vocabulary
from indexer.backends.whoosh.parts import write_in_parallel
from indexer.backends.whoosh.schema import build_schema
from indexer.backends.whoosh.segment_writer import WHOOSH_IMMUTABLE, IndexWriter, writer_limit_mb
from indexer.collect import Changes
from indexer.fields import to_fields
from indexer.models import BuildReport
from indexer.read import drop_duplicate_ids, keep_last_good, read_source
from indexer.taxonomy import Taxonomy

# (places, vocabulary) of the index written; None: nothing changed, the generation in service stays
Written = tuple[dict[str, list[float]], Counter[str]] | None


def write(
    options: Any,
    report: BuildReport,
    taxonomy: Taxonomy,
    base: generations.Generation | None,
    full: bool,
    changes: Changes,
    old_sources: dict[str, dict[str, Any]],
    build_dir: Path,
) -> Written:
    """Write the changed sources' documents into ``build_dir``; ``changes.kept`` ends up the
    record of every source in the new index."""
    todo, kept = changes.todo, changes.kept
    workers = parallel.worker_count(options.workers, full or base is None, todo)
    if workers > 1:
        return write_in_parallel(options, report, taxonomy, todo, kept, build_dir, workers)
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
    parse_s = 0.0
    writer = IndexWriter(ix, limitmb=writer_limit_mb())
    started = time.perf_counter()
    try:
        for key in changes.removed:
            report.removed += len(old_sources[key].get("docs", []))
            writer.delete_by_term("source", key)
        for n, (source, digest) in enumerate(todo, start=1):
            began = time.perf_counter()
            result = read_source(source, taxonomy)
            parse_s += time.perf_counter() - began
            report.errors.extend(result.errors)
            report.warnings.extend(result.warnings)
            old = old_sources.get(source.key)
            if result.fatal:
                if old is not None:
                    keep_last_good(source.key, old, kept, owner, report)
            else:
                if old is not None:
                    writer.delete_by_term("source", source.key)
                    report.removed += max(0, len(old.get("docs", [])) - len(result.documents))
                docs = drop_duplicate_ids(result.documents, source, owner, report)
                for doc in docs:
                    writer.add_document(**to_fields(doc, taxonomy))
                    writer = writer.rolled()  # full: its segment written, a new one begun
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
            return None
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    ix.close()
    _timings(report, parse_s, time.perf_counter() - started - parse_s, build_dir)
    return places, words


def _timings(report: BuildReport, parse_s: float, write_s: float, build_dir: Path) -> None:
    ix = whoosh_index.open_dir(str(build_dir))
    report.timings.update(
        parse=round(parse_s, 3),
        write=round(write_s, 3),
        workers=1,
        segments=len(ix._segments()),
    )
    ix.close()


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
        if WHOOSH_IMMUTABLE.match(entry.name):
            try:
                os.link(entry.path, target)
                continue
            except OSError:
                pass  # no hard links here (or across these paths): copy instead
        shutil.copy2(entry.path, target)
