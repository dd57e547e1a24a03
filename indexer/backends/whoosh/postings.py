"""What a segment's writer needs of a field's words: a text field read the way its analyzer
reads it, the few postings of the other fields, and Whoosh's layout of a block of postings.

Whoosh's writer analyses a text field through a chain of generators (one ``Token`` object passed
through five filters per word). A text field analysed by the project's analyzer
(:mod:`indexer.analysis`, with or without career phrase marks) is read here in one pass with a
batch stemmer (:func:`text_words`) and its words go to :mod:`.text_pool`. Ids and keywords (a
few postings per document) keep a list per term (:class:`TermPool`) and are written a block at
a time (:func:`write_terms`). What is written is exactly what Whoosh writes
(``tests/test_build_writer.py``).
"""

from __future__ import annotations

import itertools
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pickle import dumps
from typing import Any

from isal import isal_zlib
from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.formats import Positions
from whoosh.system import pack_int, pack_long, pack_ushort
from whoosh.util.numeric import length_to_byte

from indexer import analysis
from indexer.backends.whoosh.phrases import JOIN, MarkedPositions, PhraseMarks

# Per posting in memory: a docnum (4 bytes), a weight (8), a reference to its value (8) and the
# value, plus each term's lists (about 400 bytes).
POSTING_BYTES = 24
TERM_BYTES = 400


@dataclass(frozen=True)
class TextAnalysis:
    """What a text field's analyzer does, read from the analyzer itself."""

    stops: frozenset[str]
    min_size: int
    max_size: int | None
    phrases: frozenset[tuple[str, ...]]
    longest: int
    last_words: frozenset[str]
    marked: bool  # phrase terms add nothing to the field's length (MarkedPositions)
    # each lowercased word seen: its stem, or "" when the stop filter drops it
    stems: _Stems = field(compare=False, hash=False)


def text_analysis(field_obj: Any) -> TextAnalysis | None:
    """The fast reading of a field, when its analyzer is the project's one and its format keeps
    positions; None for anything else (Whoosh's own path is used)."""
    fmt = field_obj.format
    if type(fmt) not in (Positions, MarkedPositions) or fmt.field_boost != 1.0:
        return None
    items = list(getattr(field_obj.analyzer, "items", ()))
    phrases: frozenset[tuple[str, ...]] = frozenset()
    if items and isinstance(items[-1], PhraseMarks):
        phrases = items.pop().phrases
    if len(items) != 4:
        return None
    tokenizer, lower, stop, stem = items
    if not (
        type(tokenizer) is RegexTokenizer
        and not tokenizer.gaps
        and tokenizer.expression.pattern in (r"\w+(\.?\w+)*", analysis.WORD.pattern)
        and type(lower) is LowercaseFilter
        and type(stop) is StopFilter
        and stop.renumber
        and type(stem) is StemFilter
        and stem.stemfn is analysis.stem
        and not stem.ignore
        and not getattr(stem, "lang", None)
    ):
        return None
    return TextAnalysis(
        stops=stop.stops,
        min_size=stop.min,
        max_size=stop.max,
        phrases=phrases,
        longest=max((len(p) for p in phrases), default=0),
        last_words=frozenset(p[-1] for p in phrases),
        marked=type(fmt) is MarkedPositions,
        stems=_Stems(stop.stops, stop.min, stop.max),
    )


class _Stems(dict[str, str]):
    """Lowercased word -> its stem, or "" when the stop filter drops it; a word is stemmed the
    first time it is looked up (a known one is found in C)."""

    def __init__(self, stops: frozenset[str], low: int, high: int | None) -> None:
        super().__init__()
        self.stops, self.low, self.high = stops, low, high

    def __missing__(self, word: str) -> str:
        size = len(word)
        dropped = (
            word in self.stops or size < self.low or (self.high is not None and size > self.high)
        )
        stem = self[word] = "" if dropped else analysis.stem(word)
        return stem


_SIGMA = "\u03a3"


@dataclass(frozen=True)
class TextWords:
    """A text field's kept words as Whoosh's analyzer gives them: stems at positions ``first``,
    ``first + 1``…, each career phrase's mark at the position of its last word, and the
    field's length."""

    stems: list[str]
    first: int
    marks: list[tuple[str, int]]
    length: int


def text_words(text: str, how: TextAnalysis) -> TextWords | None:
    """What Whoosh's ``Positions.word_values`` (through the analyzer) sees of ``text``, without
    its token objects; None when no word is kept."""
    lowered = text.lower()
    if text.isascii() or (len(lowered) == len(text) and _SIGMA not in text):
        # Lowercasing first finds the same words when every character lowercases to one
        # (no lowercased character is a word character where the original is not, or the
        # reverse), but for Greek capital sigma, whose lowercase depends on its neighbours.
        words = analysis.WORD.findall(lowered)
    else:
        words = [w.lower() for w in analysis.WORD.findall(text)]
    lookup = how.stems.__getitem__
    stemmed: list[str] = list(filter(None, map(lookup, words)))
    if not stemmed:
        return None
    first = 0  # Whoosh renumbers from the first kept word's place
    while not lookup(words[first]):
        first += 1
    length = len(stemmed)
    marks: list[tuple[str, int]] = []
    if how.phrases:
        phrases, longest, last_words = how.phrases, how.longest, how.last_words
        for k in [k for k, term in enumerate(stemmed) if term in last_words]:
            recent = tuple(stemmed[max(0, k + 1 - longest) : k + 1])
            for n in range(2, len(recent) + 1):
                if recent[-n:] in phrases:
                    marks.append((JOIN.join(recent[-n:]), first + k))
        if not how.marked:
            length += len(marks)
    return TextWords(stemmed, first, marks, length)


@dataclass
class _Term:
    docnums: array[int] = field(default_factory=lambda: array("I"))
    weights: array[float] = field(default_factory=lambda: array("d"))
    values: list[bytes] = field(default_factory=list)


# (fieldname, term bytes, docnums, weights, values)
TermPostings = tuple[str, bytes, "array[int]", "array[float]", list[bytes]]


class TermPool:
    """The postings of the fields that are not text (ids, keywords: a few per document), by
    field and term, in document order."""

    def __init__(self) -> None:
        self.fields: dict[str, dict[bytes, _Term]] = {}
        self.size = 0

    def add(self, fieldname: str, items: Iterable[tuple[bytes, float, bytes]], docnum: int) -> None:
        terms = self.fields.get(fieldname)
        if terms is None:
            terms = self.fields[fieldname] = {}
        size = 0
        for tbytes, weight, value in items:
            term = terms.get(tbytes)
            if term is None:
                term = terms[tbytes] = _Term()
                size += TERM_BYTES
            term.docnums.append(docnum)
            term.weights.append(weight)
            term.values.append(value)
            size += POSTING_BYTES + len(value)
        self.size += size

    def terms(self, fieldname: str) -> Iterator[TermPostings]:
        """A field's terms, sorted, with their postings."""
        terms = self.fields[fieldname]
        for key in sorted(terms):
            term = terms[key]
            yield fieldname, key, term.docnums, term.weights, term.values

    def postings(self, fieldname: str) -> Iterator[tuple[str, bytes, int, float, bytes]]:
        """The same, one Whoosh posting tuple at a time."""
        for _, tbytes, docnums, weights, values in self.terms(fieldname):
            for docnum, weight, value in zip(docnums, weights, values, strict=True):
                yield fieldname, tbytes, docnum, weight, value


def write_terms(
    fieldwriter: Any, fieldname: str, fieldobj: Any, terms: Iterable[TermPostings], lengths: Any
) -> None:
    """Every term of a field into Whoosh's field writer: what its ``start_term``, ``add`` (per
    posting) and ``finish_term`` write, a block of postings at a time and without their objects.
    ``lengths``: each document's length in the field (None or 0 when it has none), or None when
    the field stores no lengths."""
    fieldwriter.start_field(fieldname, fieldobj)
    postwriter = fieldwriter._postwriter
    limit, level = postwriter._blocklimit, postwriter._compression
    fixed = fieldobj.format.fixed_value_size()
    postfile, tindex = postwriter._postfile, fieldwriter._tindex
    prefix = pack_ushort(fieldwriter._fieldid)
    pack_info = W3TermInfo._struct.pack
    offset = postfile.tell()
    for _, tbytes, docnums, weights, values in terms:
        parts = [WHOOSH3_HEADER_MAGIC]
        total = len(docnums)
        weight_sum, top, low, high = 0.0, 0.0, None, 0
        for start in range(0, total, limit):
            ids = docnums[start : start + limit]
            ws = array("f", weights[start : start + limit])
            block_top = max(0, max(weights[start : start + limit]))
            block_low, block_high = None, 0
            if lengths is not None:
                found = [n for n in (lengths[d] for d in ids) if n]
                if found:
                    block_low, block_high = min(found), max(found)
            vs = [v for v in values[start : start + limit] if v]
            data = (_deltas(ids), _mini_weights(ws), _mini_values(vs, fixed))
            low_byte, high_byte = length_to_byte(block_low), length_to_byte(block_high)
            info = (len(ids), ids[-1], block_top, level, low_byte, high_byte)
            parts.append(block_bytes(data, info, level, last=start + limit >= total))
            weight_sum += sum(ws)
            top = max(top, block_top)
            low = block_low if low is None else low if block_low is None else min(low, block_low)
            high = max(high, block_high)
        written = b"".join(parts)
        postfile.write(written)
        terminfo = pack_info(
            False,
            weight_sum,
            total,
            0 if low is None else length_to_byte(low),
            length_to_byte(high),
            top,
            docnums[0],
            docnums[-1],
        )
        tindex.add(prefix + tbytes, terminfo + pack_long(offset) + pack_int(len(written)))
        offset += len(written)
    fieldwriter.finish_field()


def block_bytes(data: tuple[Any, ...], info: tuple[Any, ...], level: int, last: bool) -> bytes:
    """One block of a term's postings as ``W3PostingsWriter._write_block`` lays it out: its
    length (negative for a term's last block), its header (``info``: postings, last id, top
    weight, zlib level, shortest and longest length as bytes) and its pickled ``data`` (ids,
    weights, values), compressed at ``level`` (ISA-L's deflate, 0-3: a zlib stream that Whoosh's
    reader decompresses as it would its own)."""
    data_bytes = dumps(data, 2)
    if level:
        data_bytes = isal_zlib.compress(data_bytes, level)
    info_bytes = dumps(info, 2)
    size = len(info_bytes) + len(data_bytes)
    length: bytes = pack_int(-size if last else size)
    return length + info_bytes + data_bytes


def _deltas(ids: array[int]) -> tuple[int, ...]:
    """Whoosh's ``_mini_ids``: each id as its distance from the one before."""
    return (ids[0], *(b - a for a, b in itertools.pairwise(ids)))


def _mini_weights(weights: array[float]) -> tuple[float, ...] | float | None:
    """Whoosh's ``_mini_weights``: None when all are 1, one number when all are equal."""
    if all(w == 1.0 for w in weights):
        return None
    if all(w == weights[0] for w in weights):
        return weights[0]
    return tuple(weights)


def _mini_values(values: list[bytes], fixed: int | None) -> tuple[bytes, ...] | bytes | None:
    """Whoosh's ``_mini_values``: none for a format without values, one string for a format of
    fixed-size values."""
    if fixed is None or fixed < 0:
        return tuple(values)
    return None if fixed == 0 else b"".join(values)
