"""Whoosh's segment writer with less work per word, and one file per segment part.

It writes the same segment as Whoosh's own (``tests/test_build_writer.py`` compares them): text
fields are read in one pass (:func:`.postings.text_words`) and inverted all at once when the
segment is written (:mod:`.text_pool`); other fields are analysed as Whoosh does, once per
distinct value. A writer keeps its segment in memory: past its limit (:meth:`IndexWriter.full`)
its caller commits it and goes on in a new one.
"""

from __future__ import annotations

import marshal
import os
import re
from collections.abc import Iterator
from typing import Any

from isal import isal_zlib
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3Codec, _lenfield
from whoosh.util.numeric import byte_to_length
from whoosh.writing import PostingPool, SegmentWriter

from indexer.backends.whoosh.postings import TermPool, text_analysis, text_words, write_terms
from indexer.backends.whoosh.text_pool import TextPool

# A segment's words and postings held in memory (by the pools' own estimate) before its writer is
# full. A full build of 100,000 documents on two workers holds about 200 MB per worker (one
# segment each), and a worker peaks at about 1.3 GB while its segment is written.
WRITER_LIMIT_MB = 512

# Files Whoosh writes once and never opens for writing again: a segment's files (their names carry
# a random segment id, so a writer never reuses one) and the table of contents (a new generation
# number each commit, written under a temporary name and renamed). A writer only adds new ones and
# unlinks those it no longer needs, which leaves another directory's link to the same file intact.
WHOOSH_IMMUTABLE = re.compile(r"^(_MAIN_[0-9]+\.toc|MAIN_[0-9a-z]+\.[A-Za-z0-9_.]+)$")


# Deflate levels of ISA-L (0-3), whose zlib streams Whoosh's reader decompresses as its own. A
# block of postings (Whoosh writes zlib level 3): level 1 compresses 3x faster into postings 7%
# bigger. A document's stored fields (Whoosh: zlib level 3): level 3, 3.6x faster and 0.5% smaller.
# (Measured on the blocks and stored fields of a 10k-document bench corpus.)
POSTINGS_LEVEL = 1
STORED_LEVEL = 3

# Values of id and keyword fields kept analysed per writer (see IndexWriter._index).
INDEXED_VALUES = 50_000


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

    def __init__(self, ix: Any, limitmb: float = WRITER_LIMIT_MB, **kwargs: Any) -> None:
        # Not one compound file per segment: a reader copies each part of a compound file into
        # its own memory (about 530 MB per searching process at 100k documents); separate files
        # are read through the page cache, which every worker shares.
        kwargs.setdefault("compound", False)
        kwargs.setdefault("codec", W3Codec(compression=POSTINGS_LEVEL))
        super().__init__(ix, limitmb=limitmb, **kwargs)
        # Stored fields: a pickle per document into a column of zlib streams (Whoosh's
        # CompressedBytesColumn), compressed by ISA-L instead of zlib.
        stored = self.perdocwriter._colwriters["_stored"]._child
        stored._compress, stored._level = isal_zlib.compress, STORED_LEVEL
        # Whoosh's own pool only takes what merging other segments adds (incremental builds).
        self.pool = _PostingPool(self._tempstorage, self.newsegment, limitmb=limitmb)
        self.ix, self.limitmb = ix, limitmb  # what the next writer is made of (rolled)
        self.limit = int(limitmb * 1024 * 1024)
        self.terms = TermPool()
        self.words = TextPool()
        self._fast = {name: text_analysis(self.schema[name]) for name in self.schema.names()}
        self._indexed: dict[tuple[str, Any, float], tuple[list[Any], int]] = {}

    def full(self) -> bool:
        """Whether the segment holds as much as the writer's limit (see :meth:`rolled`)."""
        return self.terms.size + self.words.size >= self.limit

    def rolled(self) -> IndexWriter:
        """This writer; or, when it is full, a new one on the same index, this one's segment
        committed (unmerged): call it after each document and go on with what it returns."""
        if not self.full():
            return self
        self.commit(merge=False)
        return IndexWriter(self.ix, limitmb=self.limitmb)

    def add_document(self, **fields: Any) -> None:
        """Whoosh's ``add_document``, with text fields read by :func:`.postings.text_words`."""
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
                    if boost != 1.0:
                        raise ValueError(f"field {fieldname!r}: boosts are not written")
                    words = text_words(value, how)
                    if words is not None:
                        length = words.length
                        self.words.add(
                            fieldname, docnum, words.stems, words.first, words.marks, length
                        )
                else:
                    items, length = self._index(fieldname, field, value, boost)
                    self.terms.add(fieldname, items, docnum)
            stored = fields.get(f"_stored_{fieldname}", value)
            perdocwriter.add_field(fieldname, field, stored if field.stored else None, length)
            column = field.column_type
            if column and stored is not None:
                perdocwriter.add_column_value(fieldname, column, field.to_column_value(stored))
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _index(
        self, fieldname: str, field: Any, value: Any, boost: float
    ) -> tuple[list[tuple[bytes, float, bytes]], int]:
        """A field's terms as Whoosh indexes them, and its length. An id or a keyword
        repeats across documents (a state, a format, a source with many rows): those values are
        analysed once (Whoosh's analysis is a chain of generators and token objects)."""
        key = (fieldname, value, boost)
        keep = not field.unique and isinstance(value, str)
        found = self._indexed.get(key) if keep else None
        if found is None:
            items, length = [], 0
            for tbytes, freq, weight, vbytes in field.index(value):
                if field.scorable:
                    length += freq
                items.append((tbytes, weight * boost, vbytes or b""))
            found = (items, length)
            if keep and len(self._indexed) < INDEXED_VALUES:
                self._indexed[key] = found
        return found

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        lengths = self.per_document_reader() if self.codec.length_stats else None
        field_lengths = _FieldLengths(lengths) if lengths else None
        fieldnames = sorted(set(self.terms.fields) | set(self.words.fields))
        try:
            if self.pool.current or self.pool.runs:  # merging segments: all through Whoosh's pool
                for name in fieldnames:
                    pool = self.words if name in self.words.fields else self.terms
                    for item in pool.postings(name):
                        self.pool.add(item)
                postings = self.pool.iter_postings()
                self.fieldwriter.add_postings(self.schema, field_lengths, postings)
            else:
                for name in fieldnames:
                    if name in self.words.fields:
                        self.words.write_field(name, self.fieldwriter, self.schema[name])
                    else:
                        self._write_terms(name, field_lengths)
            self.fieldwriter.close()
        finally:
            self.words = TextPool()
            self.terms = TermPool()
            if lengths:
                lengths.close()

    def _write_terms(self, fieldname: str, lengths: _FieldLengths | None) -> None:
        field_lengths = lengths.of(fieldname) if lengths else None
        terms = self.terms.terms(fieldname)
        write_terms(self.fieldwriter, fieldname, self.schema[fieldname], terms, field_lengths)

    def cancel(self) -> None:
        self.words = TextPool()
        self.terms = TermPool()
        super().cancel()
