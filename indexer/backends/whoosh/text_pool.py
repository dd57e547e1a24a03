"""The words of a segment's text fields, kept as flat arrays and inverted all at once.

Whoosh keeps a posting as a tuple in an external sort and writes it with a call per posting;
the earlier pool here kept a list per term and appended to it word by word. Both spend most of a
build in the interpreter, a few operations per word. Here a document's words cost a handful of
calls per field: each word's term number goes onto an array (``array.extend`` over a ``map``),
the document's number, first position and count of words onto three more. When the segment is
written, numpy sorts the words by term (stably: document order, then position order, is kept),
finds where each posting and each block of 128 postings starts and what each block's header
says, encodes the postings' positions (:mod:`.positions`), and the blocks are written term by
term. What is written is exactly what Whoosh writes (``tests/test_build_writer.py``).
"""

from __future__ import annotations

import itertools
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.system import pack_int, pack_long, pack_ushort

from indexer.backends.whoosh.positions import Ints, encode_values, one_value, to_byte
from indexer.backends.whoosh.postings import block_bytes

# Per word in memory: its term number (4 bytes), and while the segment is written about 40 more;
# per distinct term, its entry in the field's dictionary.
WORD_BYTES = 12
TERM_BYTES = 120
_NO_LENGTH = np.iinfo(np.int64).max


class _TermNumbers(dict[str, int]):
    """Term -> number, numbering a new term as it is first looked up (in C for a known one)."""

    def __missing__(self, term: str) -> int:
        number = self[term] = len(self)
        return number


@dataclass
class _Field:
    terms: _TermNumbers
    numbers: array[int]  # each stem's term, document after document
    # each document's stems: its number, the position of its first stem, how many
    span_docs: array[int]
    span_firsts: array[int]
    span_counts: array[int]
    # each phrase mark: its term, document and position
    mark_numbers: array[int]
    mark_docs: array[int]
    mark_positions: array[int]
    lengths: array[int]  # each document's length in the field (0: none)


def _new_field() -> _Field:
    return _Field(_TermNumbers(), *(array("I") for _ in range(8)))


@dataclass
class _Inverted:
    """A field's postings, sorted by term then document."""

    terms: list[str]  # sorted
    term_start: Ints  # first posting of each term, then the posting count
    docs: Ints  # per posting
    freqs: Ints
    first: Ints  # where each posting's positions start in ``positions``
    positions: Ints  # per word, sorted as the postings are


class TextPool:
    """The words of the text fields of one segment being written."""

    def __init__(self) -> None:
        self.fields: dict[str, _Field] = {}
        self.words = 0
        self.term_count = 0

    def add(
        self,
        fieldname: str,
        docnum: int,
        stems: list[str],
        first: int,
        marks: list[tuple[str, int]],
        length: int,
    ) -> None:
        """One document's words in a field: ``stems`` at positions ``first``, ``first + 1``…,
        then each phrase mark at its position."""
        field = self.fields.get(fieldname)
        if field is None:
            field = self.fields[fieldname] = _new_field()
        terms = field.terms
        before = len(terms)
        field.numbers.extend(map(terms.__getitem__, stems))
        field.span_docs.append(docnum)
        field.span_firsts.append(first)
        field.span_counts.append(len(stems))
        for mark, at in marks:
            field.mark_numbers.append(terms[mark])
            field.mark_docs.append(docnum)
            field.mark_positions.append(at)
        lengths = field.lengths
        if len(lengths) <= docnum:
            lengths.extend(itertools.repeat(0, docnum + 1 - len(lengths)))
        lengths[docnum] = length
        self.words += len(stems) + len(marks)
        self.term_count += len(terms) - before

    @property
    def size(self) -> int:
        """Estimated bytes held."""
        return self.words * WORD_BYTES + self.term_count * TERM_BYTES

    def _invert(self, fieldname: str) -> _Inverted:
        field = self.fields[fieldname]
        terms = sorted(field.terms)  # str order is UTF-8 byte order, the order Whoosh writes
        rank = np.empty(len(terms), np.uint32)
        rank[np.fromiter((field.terms[t] for t in terms), np.int64, len(terms))] = np.arange(
            len(terms), dtype=np.uint32
        )
        # every word: its term, document and position; stems document after document, then
        # the phrase marks (terms of their own), so a stable sort by term keeps each term's
        # words in document, then position, order
        counts = np.frombuffer(field.span_counts, np.uint32).astype(np.int64)
        owner = np.repeat(np.arange(len(counts)), counts)
        nth = np.arange(len(owner)) - (np.cumsum(counts) - counts)[owner]
        firsts = np.frombuffer(field.span_firsts, np.uint32).astype(np.int64)
        numbers = np.concatenate(
            [np.frombuffer(field.numbers, np.uint32), np.frombuffer(field.mark_numbers, np.uint32)]
        )
        keys = rank[numbers]
        order = np.argsort(keys, kind="stable")
        keys = keys[order]
        docs = np.concatenate(
            [
                np.frombuffer(field.span_docs, np.uint32)[owner],
                np.frombuffer(field.mark_docs, np.uint32),
            ]
        )[order]
        positions = np.concatenate(
            [firsts[owner] + nth, np.frombuffer(field.mark_positions, np.uint32).astype(np.int64)]
        )[order]
        del order, owner, nth
        new = np.empty(len(keys), bool)
        new[:1] = True
        new[1:] = (keys[1:] != keys[:-1]) | (docs[1:] != docs[:-1])
        first = np.flatnonzero(new)
        del new
        freqs = np.diff(np.append(first, len(keys)))
        term_keys = keys[first]
        term_start = np.flatnonzero(np.r_[True, term_keys[1:] != term_keys[:-1]])
        return _Inverted(
            terms,
            np.append(term_start, len(first)),
            docs[first].astype(np.int64),
            freqs,
            first,
            positions,
        )

    def write_field(self, fieldname: str, fieldwriter: Any, fieldobj: Any) -> None:
        """Every term of a field into Whoosh's field writer, a block of postings at a time, as
        Whoosh's ``W3PostingsWriter._write_block`` writes them."""
        inv = self._invert(fieldname)
        lengths = np.frombuffer(self.fields[fieldname].lengths, np.uint32).astype(np.int64)
        fieldwriter.start_field(fieldname, fieldobj)
        postwriter = fieldwriter._postwriter
        level = postwriter._compression
        blocks = _Blocks(inv, lengths, postwriter._blocklimit, level)
        postfile, tindex = postwriter._postfile, fieldwriter._tindex
        prefix = pack_ushort(fieldwriter._fieldid)
        term_blocks = blocks.term_first_block.tolist()
        offset = postfile.tell()
        # (start_term, the blocks, finish_term of Whoosh's field writer, without its objects)
        for t, term in enumerate(inv.terms):
            parts = [WHOOSH3_HEADER_MAGIC]
            b0, b1 = term_blocks[t], term_blocks[t + 1]
            for b in range(b0, b1):
                data = (blocks.ids(b), blocks.weights(b), blocks.values(b))
                parts.append(block_bytes(data, blocks.info[b], level, last=b == b1 - 1))
            written = b"".join(parts)
            postfile.write(written)
            extent = pack_long(offset) + pack_int(len(written))
            tindex.add(prefix + term.encode("utf-8"), blocks.term_info[t] + extent)
            offset += len(written)
        fieldwriter.finish_field()

    def postings(self, fieldname: str) -> Iterator[tuple[str, bytes, int, float, bytes]]:
        """A field's postings one Whoosh tuple at a time, sorted (for Whoosh's own pool, when a
        build also merges segments)."""
        inv = self._invert(fieldname)
        term_start = inv.term_start.tolist()
        docs, freqs, first = inv.docs.tolist(), inv.freqs.tolist(), inv.first.tolist()
        positions = inv.positions
        for t, term in enumerate(inv.terms):
            tbytes = term.encode("utf-8")
            for p in range(term_start[t], term_start[t + 1]):
                f, at = freqs[p], first[p]
                value = one_value(positions[at : at + f].tolist())
                yield fieldname, tbytes, docs[p], float(f), value


def _shortest_byte(shortest: Ints) -> Ints:
    """Whoosh's byte for a shortest length; 0 where no document had one (``_NO_LENGTH``)."""
    none = shortest == _NO_LENGTH
    return np.where(none, 0, to_byte(np.where(none, 0, shortest)))


class _Blocks:
    """Where each block of a field's postings starts, and what its header says."""

    def __init__(self, inv: _Inverted, lengths: Ints, limit: int, level: int) -> None:
        self.inv = inv
        counts = np.diff(inv.term_start)
        per_term = (counts + limit - 1) // limit
        self.term_first_block = np.append(0, np.cumsum(per_term))
        block_term = np.repeat(np.arange(len(counts)), per_term)
        within = np.arange(int(self.term_first_block[-1])) - self.term_first_block[block_term]
        start = inv.term_start[block_term] + within * limit
        end = np.minimum(start + limit, inv.term_start[block_term + 1])
        self.start, self.end = start.tolist(), end.tolist()
        docs, freqs = inv.docs, inv.freqs
        self.delta = np.empty_like(docs)
        self.delta[:1] = docs[:1]
        self.delta[1:] = docs[1:] - docs[:-1]
        self.delta[start] = docs[start]  # each block's ids count from 0
        max_freq = np.maximum.reduceat(freqs, start)
        self.min_freq = np.minimum.reduceat(freqs, start).tolist()
        self.max_freq = max_freq.tolist()
        self.values_of = encode_values(freqs, inv.first, inv.positions)
        # lengths of the block's documents: the shortest (of those with any) and the longest
        doc_lengths = lengths[docs]
        block_min = np.minimum.reduceat(np.where(doc_lengths > 0, doc_lengths, _NO_LENGTH), start)
        block_max = np.maximum.reduceat(doc_lengths, start)
        min_bytes = _shortest_byte(block_min)
        # (postings, last id, max weight, zlib level, min length byte, max length byte)
        self.info = list(
            zip(
                (end - start).tolist(),
                docs[end - 1].tolist(),
                max_freq.astype(float).tolist(),
                [level] * len(start),
                min_bytes.tolist(),
                to_byte(block_max).tolist(),
                strict=True,
            )
        )
        firsts = self.term_first_block[:-1]
        # each term's W3TermInfo, as its ``to_bytes`` packs it (the extent is added when known)
        freq_sum = np.add.reduceat(freqs, inv.term_start[:-1]).astype(float).tolist()
        term_max_freq = np.maximum.reduceat(max_freq, firsts).astype(float).tolist()
        term_min_byte = _shortest_byte(np.minimum.reduceat(block_min, firsts))
        term_max_byte = to_byte(np.maximum.reduceat(block_max, firsts))
        pack = W3TermInfo._struct.pack
        self.term_info = [
            pack(False, weight, df, low, high, top, first, last)
            for weight, df, low, high, top, first, last in zip(
                freq_sum,
                np.diff(inv.term_start).tolist(),
                term_min_byte.tolist(),
                term_max_byte.tolist(),
                term_max_freq,
                docs[inv.term_start[:-1]].tolist(),
                docs[inv.term_start[1:] - 1].tolist(),
                strict=True,
            )
        ]

    def ids(self, b: int) -> tuple[int, ...]:
        """A block's document numbers, each as its distance from the one before."""
        return tuple(self.delta[self.start[b] : self.end[b]].tolist())

    def weights(self, b: int) -> tuple[float, ...] | float | None:
        """Whoosh's ``_mini_weights``: None when all are 1, one number when all are equal."""
        low, high = self.min_freq[b], self.max_freq[b]
        if high == 1:
            return None
        if low == high:
            return float(low)
        return tuple(float(f) for f in self.inv.freqs[self.start[b] : self.end[b]].tolist())

    def values(self, b: int) -> tuple[bytes, ...]:
        return tuple(self.values_of[self.start[b] : self.end[b]])
