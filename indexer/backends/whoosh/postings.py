"""The postings of a segment being written, kept per term rather than per posting.

Whoosh's writer analyses a text field through a chain of generators (one ``Token`` object passed
through five filters per word), then puts each posting in an external sort as its own tuple, then
writes them one call at a time: three quarters of a build's time. Here a text field analysed by
the project's analyzer (:mod:`indexer.analysis`, with or without career phrase marks) is read
in one pass with a batch stemmer, postings are appended to per-term arrays in document order (so
nothing needs sorting but the term list), and each term's postings go to the file a block at a
time. What is written is exactly what Whoosh writes (``tests/test_build_writer.py``).
"""

from __future__ import annotations

import heapq
import itertools
import marshal
import os
import struct
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from pickle import dumps
from typing import Any

from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.formats import Positions

from indexer import analysis
from indexer.backends.whoosh.phrases import JOIN, MarkedPositions, PhraseMarks

_PACK_UINT = struct.Struct("!I").pack  # whoosh.system.pack_uint

# Per posting in memory: a docnum (4 bytes), a weight (8), a reference to its value (8) and the
# value (usually shared: _ONE), plus each term's lists (about 400 bytes).
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
    )


def text_postings(text: str, how: TextAnalysis) -> tuple[dict[str, list[int]], int]:
    """Each term of ``text`` with its positions, and the field's length: what Whoosh's
    ``Positions.word_values`` (through the analyzer) yields, without its token objects."""
    if text.isascii():  # lowercasing first finds the same words (not so for every script)
        words = analysis.WORD.findall(text.lower())
    else:
        words = [w.lower() for w in analysis.WORD.findall(text)]
    stops, low, high = how.stops, how.min_size, how.max_size
    if high is None:
        kept = [w for w in words if w not in stops and len(w) >= low]
    else:
        kept = [w for w in words if w not in stops and low <= len(w) <= high]
    if not kept:
        return {}, 0
    first = 0  # Whoosh renumbers from the first kept word's place
    while words[first] in stops or not low <= len(words[first]) <= (high or len(words[first])):
        first += 1
    stemmed = analysis.stem_words(kept)
    poses: dict[str, list[int]] = {}
    get = poses.get
    for k, term in enumerate(stemmed, first):
        found = get(term)
        if found is None:
            poses[term] = [k]
        else:
            found.append(k)
    length = len(stemmed)
    if how.phrases:
        phrases, longest, last_words = how.phrases, how.longest, how.last_words
        for k in [k for k, term in enumerate(stemmed) if term in last_words]:
            recent = tuple(stemmed[max(0, k + 1 - longest) : k + 1])
            for n in range(2, len(recent) + 1):
                if recent[-n:] in phrases:
                    mark = JOIN.join(recent[-n:])
                    poses.setdefault(mark, []).append(first + k)
                    if not how.marked:
                        length += 1
    return poses, length


def encode_positions(poslist: list[int]) -> bytes:
    """``Positions.encode``: the count, then the pickled deltas."""
    if len(poslist) == 1:
        first = poslist[0]
        return _ONE[first] if first < len(_ONE) else _PACK_UINT(1) + dumps(poslist, 2)
    deltas = [poslist[0]]
    deltas.extend(b - a for a, b in itertools.pairwise(poslist))
    return _PACK_UINT(len(deltas)) + dumps(deltas, 2)


# Most postings have one position: their values, made once.
_ONE = [_PACK_UINT(1) + dumps([p], 2) for p in range(4096)]


@dataclass
class _Term:
    docnums: array[int] = field(default_factory=lambda: array("I"))
    weights: array[float] = field(default_factory=lambda: array("d"))
    values: list[bytes] = field(default_factory=list)  # most are shared: see _ONE


# (fieldname, term bytes, docnums, weights, values)
TermPostings = tuple[str, bytes, "array[int]", "array[float]", list[bytes]]


class TermPool:
    """Postings by field and term, in document order; sorted runs go to disk over ``limit``
    bytes, and are merged term by term (not posting by posting) when the segment is written."""

    def __init__(self, directory: Path, limit_bytes: int) -> None:
        self.directory = directory
        self.limit = limit_bytes
        self.fields: dict[str, dict[Any, _Term]] = {}  # terms as bytes, or text (fast fields)
        self.size = 0
        self.runs: list[Path] = []
        self.count = 0

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
            self.count += 1
        self.size += size
        if self.size > self.limit:
            self._spill()

    def add_positions(
        self, fieldname: str, poses: dict[str, list[int]], docnum: int, boost: float
    ) -> None:
        """A text field's terms and positions (:func:`text_postings`): weight is the count
        times ``boost``, the value the encoded positions. Terms are kept as text (encoded once,
        when written: UTF-8 sorts as the text does)."""
        terms: dict[Any, _Term] | None = self.fields.get(fieldname)
        if terms is None:
            terms = self.fields[fieldname] = {}
        size = 0
        one = _ONE
        for text, poslist in poses.items():
            term = terms.get(text)
            if term is None:
                term = terms[text] = _Term()
                size += TERM_BYTES
            term.docnums.append(docnum)
            if len(poslist) == 1 and poslist[0] < 4096:
                term.weights.append(boost)
                value = one[poslist[0]]
            else:
                term.weights.append(len(poslist) * boost)
                value = encode_positions(poslist)
            term.values.append(value)
            size += POSTING_BYTES + len(value)
        self.count += len(poses)
        self.size += size
        if self.size > self.limit:
            self._spill()

    def _sorted(self) -> Iterator[TermPostings]:
        for fieldname in sorted(self.fields):
            terms = self.fields[fieldname]
            for key in sorted(terms):
                term = terms[key]
                tbytes = key.encode("utf-8") if isinstance(key, str) else key
                yield fieldname, tbytes, term.docnums, term.weights, term.values

    def _spill(self) -> None:
        path = self.directory / f"postings-{os.getpid()}-{len(self.runs)}.run"
        with path.open("wb") as handle:
            chunk: list[Any] = []
            for fieldname, tbytes, docnums, weights, values in self._sorted():
                chunk.append((fieldname, tbytes, docnums.tobytes(), weights.tobytes(), values))
                if len(chunk) >= 4096:
                    marshal.dump(chunk, handle)
                    chunk = []
            if chunk:
                marshal.dump(chunk, handle)
        self.runs.append(path)
        self.fields = {}
        self.size = 0

    def _read_run(self, path: Path) -> Iterator[TermPostings]:
        with path.open("rb") as handle:
            while True:
                try:
                    chunk = marshal.load(handle)  # noqa: S302 (our own run, in our build dir)
                except EOFError:
                    break
                for fieldname, tbytes, docnums, weights, values in chunk:
                    yield (
                        fieldname,
                        tbytes,
                        array("I", docnums),
                        array("d", weights),
                        values,
                    )
        path.unlink()

    def terms(self) -> Iterator[TermPostings]:
        """Every term's postings, sorted by field and term; runs are in document order, so a
        term's postings from several runs are joined in run order."""
        if not self.runs:
            yield from self._sorted()
            return
        sources = [self._read_run(p) for p in self.runs] + [self._sorted()]
        merged = heapq.merge(*sources, key=lambda t: (t[0], t[1]))
        current: TermPostings | None = None
        for item in merged:
            if current is not None and (item[0], item[1]) == (current[0], current[1]):
                current[2].extend(item[2])
                current[3].extend(item[3])
                current[4].extend(item[4])
                continue
            if current is not None:
                yield current
            current = item
        if current is not None:
            yield current
        self.runs = []

    def postings(self) -> Iterator[tuple[str, bytes, int, float, bytes]]:
        """The same, one Whoosh posting tuple at a time."""
        for fieldname, tbytes, docnums, weights, values in self.terms():
            for docnum, weight, value in zip(docnums, weights, values, strict=True):
                yield fieldname, tbytes, docnum, weight, value

    def cleanup(self) -> None:
        for path in self.runs:
            path.unlink(missing_ok=True)
        self.runs = []


def write_term(
    postwriter: Any, docnums: array[int], weights: array[float], values: list[bytes], lengths: Any
) -> None:
    """One term's postings into Whoosh's postings writer a block at a time: what its
    ``add_posting`` does one posting at a time. ``lengths``: each document's field length
    (None or 0 when it has none), or None when the field stores no lengths."""
    limit = postwriter._blocklimit
    total = len(docnums)
    for start in range(0, total, limit):
        if start:
            postwriter._write_block()
        ids = docnums[start : start + limit]
        ws = weights[start : start + limit]
        postwriter._ids = array("I", ids)
        postwriter._weights = array("f", ws)
        postwriter._maxweight = max(0, max(ws))
        postwriter._values = [v for v in values[start : start + limit] if v]
        if lengths is not None:
            found = [n for n in (lengths[d] for d in ids) if n]
            if found:
                postwriter._minlength = min(found)
                postwriter._maxlength = max(found)
