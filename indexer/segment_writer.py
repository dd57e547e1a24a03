"""Whoosh's segment writer with less work per posting, and one file per segment part.

It writes the same segment as Whoosh's own (``tests/test_build_writer.py`` compares them).
"""

from __future__ import annotations

import marshal
import os
from collections.abc import Iterator
from typing import Any

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length
from whoosh.writing import PostingPool, SegmentWriter

# Postings kept in memory before Whoosh sorts a run out to a temporary file (by its own estimate of
# their size; the process grows by roughly 1.5 times that). Each run is written, read back and
# merged: fewer runs, less of that.
WRITER_LIMIT_MB = 256


def writer_limit_mb() -> int:
    """``WRITER_LIMIT_MB``, or ``COURSE_SEARCH_WRITER_MB`` from the environment (per process:
    a full build has one writer per worker)."""
    value = os.environ.get("COURSE_SEARCH_WRITER_MB", "")
    return int(value) if value.isdigit() and int(value) > 0 else WRITER_LIMIT_MB


class _FieldLengths:
    """The per-document field lengths Whoosh reads back while writing a segment's postings, read
    once per field instead of once per posting. Whoosh's own reader looks for the lengths column
    on disk (a ``stat``) at every posting of a field that has none (ids, keywords, numbers), and
    decodes one byte per call for the others: a seventh of a build's time."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self._lengths: dict[str, list[int | None] | None] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int | None:
        if fieldname not in self._lengths:
            column = self._reader._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            self._lengths[fieldname] = (
                None if column is None else [byte_to_length(b) if b else None for b in column]
            )
        lengths = self._lengths[fieldname]
        return default if lengths is None else lengths[docnum]


class _PostingPool(PostingPool):  # type: ignore[misc]
    """Whoosh's external sort of postings, with its runs written in chunks with marshal rather
    than one pickle call per posting (two thirds of the time of a run went into those calls)."""

    CHUNK = 16_384

    def _write_run(self, f: Any, items: Any) -> None:
        chunk: list[Any] = []
        for item in items:
            chunk.append(item)
            if len(chunk) >= self.CHUNK:
                marshal.dump(chunk, f)
                chunk = []
        if chunk:
            marshal.dump(chunk, f)
        f.close()

    def _read_run(self, path: str) -> Iterator[Any]:
        f = self._open_run(path)
        try:
            while True:
                try:
                    chunk = marshal.load(f)  # noqa: S302 (our own run file, in our build dir)
                except EOFError:
                    return
                yield from chunk
        finally:
            f.close()
            self._remove_run(path)


class IndexWriter(SegmentWriter):  # type: ignore[misc]
    """Whoosh's segment writer, writing the same segment with less work per posting."""

    def __init__(self, ix: Any, limitmb: int = 128, **kwargs: Any) -> None:
        # Not one compound file per segment: a reader copies each part of a compound file into
        # its own memory (about 530 MB per searching process at 100k documents); separate files
        # are read through the page cache, which every worker shares.
        kwargs.setdefault("compound", False)
        super().__init__(ix, limitmb=limitmb, **kwargs)
        self.pool = _PostingPool(self._tempstorage, self.newsegment, limitmb=limitmb)

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        lengths = self.per_document_reader() if self.codec.length_stats else None
        postings = self.pool.iter_postings()
        self.fieldwriter.add_postings(
            self.schema, _FieldLengths(lengths) if lengths else None, postings
        )
        self.fieldwriter.close()
        if lengths:
            lengths.close()
