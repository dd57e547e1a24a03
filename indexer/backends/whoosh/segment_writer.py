"""Whoosh's segment writer with less work per posting, and one file per segment part.

It writes the same segment as Whoosh's own (``tests/test_build_writer.py`` compares them): text
fields are analysed and their postings kept per term (:mod:`.postings`), other fields as Whoosh
does.
"""

from __future__ import annotations

import marshal
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length
from whoosh.writing import PostingPool, SegmentWriter

from indexer.backends.whoosh.postings import (
    TermPool,
    text_analysis,
    text_postings,
    write_term,
)

# Postings kept in memory before Whoosh sorts a run out to a temporary file (by its own estimate of
# their size; the process grows by roughly 1.5 times that). Each run is written, read back and
# merged: fewer runs, less of that.
WRITER_LIMIT_MB = 256

# Files Whoosh writes once and never opens for writing again: a segment's files (their names carry
# a random segment id, so a writer never reuses one) and the table of contents (a new generation
# number each commit, written under a temporary name and renamed). A writer only adds new ones and
# unlinks those it no longer needs, which leaves another directory's link to the same file intact.
WHOOSH_IMMUTABLE = re.compile(r"^(_MAIN_[0-9]+\.toc|MAIN_[0-9a-z]+\.[A-Za-z0-9_.]+)$")


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

    def of(self, fieldname: str) -> list[int | None] | None:
        """Each document's length in a field (None: no words), or None when it has none."""
        if fieldname not in self._lengths:
            column = self._reader._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            self._lengths[fieldname] = (
                None if column is None else [byte_to_length(b) if b else None for b in column]
            )
        return self._lengths[fieldname]

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int | None:
        lengths = self.of(fieldname)
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
        # Whoosh's own pool only takes what merging other segments adds (incremental builds).
        self.pool = _PostingPool(self._tempstorage, self.newsegment, limitmb=limitmb)
        self.terms = TermPool(Path(self._tempstorage.folder), limitmb * 1024 * 1024)
        self._fast = {name: text_analysis(self.schema[name]) for name in self.schema.names()}

    def add_document(self, **fields: Any) -> None:
        """Whoosh's ``add_document``, with text fields read by :func:`.postings.text_postings`."""
        self._check_state()
        perdocwriter = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        docboost = self._doc_boost(fields)
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, fieldnames)
        perdocwriter.start_doc(docnum)
        for fieldname in fieldnames:
            value = fields.get(fieldname)
            if value is None:
                continue
            field = schema[fieldname]
            if field.separate_spelling() or field.vector:
                raise ValueError(f"field {fieldname!r}: spelling and vectors are not written")
            length = 0
            if field.indexed:
                boost = self._field_boost(fields, fieldname, docboost)
                how = self._fast[fieldname]
                if how is not None:
                    poses, length = text_postings(value, how)
                    self.terms.add_positions(fieldname, poses, docnum, boost)
                else:
                    items = []
                    for tbytes, freq, weight, vbytes in field.index(value):
                        if field.scorable:
                            length += freq
                        items.append((tbytes, weight * boost, vbytes or b""))
                    self.terms.add(fieldname, items, docnum)
            stored = fields.get(f"_stored_{fieldname}", value)
            perdocwriter.add_field(fieldname, field, stored if field.stored else None, length)
            column = field.column_type
            if column and stored is not None:
                perdocwriter.add_column_value(fieldname, column, field.to_column_value(stored))
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        lengths = self.per_document_reader() if self.codec.length_stats else None
        try:
            if self.pool.current or self.pool.runs:  # merging segments: all through Whoosh's pool
                for item in self.terms.postings():
                    self.pool.add(item)
                postings = self.pool.iter_postings()
                self.fieldwriter.add_postings(
                    self.schema, _FieldLengths(lengths) if lengths else None, postings
                )
            else:
                self._write_terms(_FieldLengths(lengths) if lengths else None)
            self.fieldwriter.close()
        finally:
            self.terms.cleanup()
            if lengths:
                lengths.close()

    def _write_terms(self, lengths: _FieldLengths | None) -> None:
        writer = self.fieldwriter
        field = None
        for fieldname, tbytes, docnums, weights, values in self.terms.terms():
            if fieldname != field:
                if field is not None:
                    writer.finish_field()
                writer.start_field(fieldname, self.schema[fieldname])
                field = fieldname
                field_lengths = lengths.of(fieldname) if lengths else None
            writer.start_term(tbytes)
            write_term(writer._postwriter, docnums, weights, values, field_lengths)
            writer.finish_term()
        if field is not None:
            writer.finish_field()

    def cancel(self) -> None:
        self.terms.cleanup()
        super().cancel()
