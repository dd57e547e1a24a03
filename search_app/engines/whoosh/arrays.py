"""A Whoosh generation read into numpy arrays: facet columns, field lengths, postings.

Whoosh walks postings one Python call at a time; a query that matches half of 100k documents
then costs hundreds of milliseconds. Read once per generation (columns) or once per term
(postings, kept in a byte-bounded cache), the same data answers matching, BM25F scoring and facet
counts as vector operations. The index on disk is still Whoosh's, and the scores are Whoosh's
own formula (``tests/test_whoosh_arrays.py`` checks them against ``searcher.search``).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh.util.numeric import byte_to_length

Mask = npt.NDArray[np.bool_]
Docs = npt.NDArray[np.int32]
Floats = npt.NDArray[np.float64]

# Whoosh stores a field's length in a document as one byte; this decodes all 256 at once.
_LENGTH_OF_BYTE = np.array([0.0] + [float(byte_to_length(b)) for b in range(1, 256)])


@dataclass
class FacetColumn:
    """One facet field as (document, value code) pairs: several pairs per document when the
    field has several values (careers), none when it has none. For counting, each document's
    first code is also kept by document number (``first``, -1 for none) and the rest as pairs."""

    values: list[str]
    docs: Docs
    codes: npt.NDArray[np.int32]
    size: int
    index: dict[str, int] = field(default_factory=dict)
    by_value: dict[int, Docs] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)  # documents per value

    def __post_init__(self) -> None:
        self.index = {v: n for n, v in enumerate(self.values)}
        order = np.argsort(self.codes, kind="stable")
        bounds = np.searchsorted(self.codes[order], np.arange(len(self.values) + 1))
        sorted_docs = self.docs[order]
        self.by_value = {n: sorted_docs[bounds[n] : bounds[n + 1]] for n in range(len(self.values))}
        self.totals = {v: len(self.by_value[n]) for n, v in enumerate(self.values)}
        by_doc = np.argsort(self.docs, kind="stable")
        docs, codes = self.docs[by_doc], self.codes[by_doc]
        first = np.ones(len(docs), np.bool_)
        first[1:] = docs[1:] != docs[:-1]
        self.first = np.full(self.size, -1, np.int32)
        self.first[docs[first]] = codes[first]
        self.extra_docs, self.extra_codes = docs[~first], codes[~first]

    def docs_of(self, value: str) -> Docs:
        code = self.index.get(value)
        return self.by_value[code] if code is not None else np.empty(0, np.int32)

    def mask(self, values: Iterable[str], size: int) -> Mask:
        """Documents with any of ``values``."""
        out = np.zeros(size, np.bool_)
        for value in values:
            out[self.docs_of(value)] = True
        return out

    def counts(self, base: Mask) -> npt.NDArray[np.int64]:
        """How many documents of ``base`` have each value (indexed by code)."""
        n = len(self.values)
        counts = np.bincount(self.first[np.flatnonzero(base)] + 1, minlength=n + 1)[1:]
        if len(self.extra_docs):
            counts = counts + np.bincount(self.extra_codes[base[self.extra_docs]], minlength=n)
        return counts

    def value_counts(self, base: Mask) -> dict[str, int]:
        counts = self.counts(base)
        return {v: int(counts[n]) for n, v in enumerate(self.values) if counts[n]}


@dataclass
class Columns:
    """The per-generation arrays: which document numbers are live, facet values, lengths."""

    size: int  # document numbers run 0..size-1, deleted ones included
    live: Mask
    facets: dict[str, FacetColumn]
    lengths: dict[str, Floats]  # field -> each document's (Whoosh-encoded) field length
    location_code: npt.NDArray[np.int32]  # each document's location code, -1 for none
    numeric: dict[str, npt.NDArray[np.int64]] = field(default_factory=dict)  # lazily read

    @property
    def documents(self) -> int:
        return int(np.count_nonzero(self.live))

    def facet(self, name: str) -> FacetColumn:
        return self.facets[name]


def leaves(reader: Any) -> list[tuple[Any, int]]:
    """(segment reader, first document number) for each segment of a reader."""
    found = reader.leaf_readers()
    return [(r, int(offset)) for r, offset in found]


def _unwrap(matcher: Any) -> Any:
    while hasattr(matcher, "child") and not hasattr(matcher, "_read_ids"):
        matcher = matcher.child
    return matcher


def _blocks(matcher: Any) -> Iterator[tuple[Any, Any]]:
    """(ids, weights) of each block of a Whoosh 3 posting list, without a call per posting."""
    m = _unwrap(matcher)
    if hasattr(m, "_read_ids") and hasattr(m, "_read_weights"):
        while m.is_active():
            m._read_ids()
            m._read_weights()
            yield m._ids, m._weights
            m._next_block()
        return
    ids: list[int] = []  # any other matcher: the slow, general way
    weights: list[float] = []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    yield ids, weights


def read_postings(reader: Any, fieldname: str, text: str | bytes) -> tuple[Docs, Floats]:
    """Every (document number, weight) of a term, deleted documents included, in order."""
    doc_parts: list[Docs] = []
    weight_parts: list[Floats] = []
    for segment, offset in leaves(reader):
        if (fieldname, text) not in segment:
            continue
        for ids, weights in _blocks(segment.postings(fieldname, text)):
            doc_parts.append(np.asarray(ids, dtype=np.int64).astype(np.int32) + offset)
            w = np.asarray(weights, dtype=np.float32 if isinstance(weights, array) else None)
            weight_parts.append(w.astype(np.float64))
    if not doc_parts:
        return np.empty(0, np.int32), np.empty(0, np.float64)
    return np.concatenate(doc_parts), np.concatenate(weight_parts)


def _segment_lengths(segment: Any, fieldname: str) -> npt.NDArray[np.uint8]:
    count = segment.doc_count_all()
    perdoc = getattr(segment, "_perdoc", None)
    try:
        from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield

        column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)  # type: ignore[union-attr]
        if column is None:
            return np.zeros(count, np.uint8)
        raw = column._dbfile.get(column._basepos, column._count)
        out = np.zeros(count, np.uint8)
        out[: column._count] = np.frombuffer(raw, dtype=np.uint8)
        return out
    except AttributeError:  # another codec: ask per document
        from whoosh.util.numeric import length_to_byte

        return np.array(
            [length_to_byte(segment.doc_field_length(d, fieldname, 0) or 0) for d in range(count)],
            dtype=np.uint8,
        )


def field_lengths(reader: Any, fieldname: str, size: int) -> Floats:
    out = np.zeros(size, np.float64)
    for segment, offset in leaves(reader):
        encoded = _segment_lengths(segment, fieldname)
        out[offset : offset + len(encoded)] = _LENGTH_OF_BYTE[encoded]
    return out


def live_mask(reader: Any, size: int) -> Mask:
    out = np.ones(size, np.bool_)
    for segment, offset in leaves(reader):
        perdoc = getattr(segment, "_perdoc", None)
        if perdoc is not None and hasattr(perdoc, "deleted_docs"):
            deleted = list(perdoc.deleted_docs()) if perdoc.has_deletions() else []
        else:
            count = segment.doc_count_all()
            deleted = [d for d in range(count) if segment.is_deleted(d)]
        if deleted:
            out[np.asarray(deleted, dtype=np.int64) + offset] = False
    return out


def facet_column(reader: Any, fieldname: str, live: Mask) -> FacetColumn:
    values: list[str] = []
    doc_parts: list[Docs] = []
    code_parts: list[npt.NDArray[np.int32]] = []
    for term in reader.lexicon(fieldname):
        docs, _ = read_postings(reader, fieldname, term)
        docs = docs[live[docs]]
        if len(docs):
            code_parts.append(np.full(len(docs), len(values), np.int32))
            doc_parts.append(docs)
            values.append(term.decode("utf-8") if isinstance(term, bytes) else str(term))
    if not values:
        return FacetColumn([], np.empty(0, np.int32), np.empty(0, np.int32), len(live))
    return FacetColumn(values, np.concatenate(doc_parts), np.concatenate(code_parts), len(live))


def open_every_file(reader: Any) -> None:
    """Open each segment file Whoosh would otherwise open on first use (stored fields, field
    lengths, sort columns), so a snapshot keeps answering after its generation's directory is
    deleted: an open file outlives its name."""
    for segment, _ in leaves(reader):
        if not segment.doc_count_all():
            continue
        segment.stored_fields(0)
        for name, fieldtype in segment.schema.items():
            if fieldtype.scorable:
                segment.doc_field_length(0, name)
            if fieldtype.column_type is not None and segment.has_column(name):
                segment.column_reader(name)


def load_columns(reader: Any, facet_fields: Iterable[str], text_fields: Iterable[str]) -> Columns:
    open_every_file(reader)
    size = int(reader.doc_count_all())
    live = live_mask(reader, size)
    facets = {name: facet_column(reader, name, live) for name in facet_fields}
    lengths = {name: field_lengths(reader, name, size) for name in text_fields}
    location_code = facets["location"].first if "location" in facets else np.full(size, -1)
    return Columns(size, live, facets, lengths, location_code)


def numeric_column(reader: Any, fieldname: str, size: int, missing: int) -> npt.NDArray[np.int64]:
    """A sortable numeric field's value for every document (``missing`` where it has none)."""
    out = np.full(size, missing, np.int64)
    for segment, offset in leaves(reader):
        if not segment.has_column(fieldname):
            continue
        column = segment.column_reader(fieldname)
        values = np.fromiter(
            (missing if v is None else v for v in column), dtype=np.int64, count=len(column)
        )
        out[offset : offset + len(values)] = values
    return out
