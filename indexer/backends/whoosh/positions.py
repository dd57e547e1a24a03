"""Whoosh's encoding of a posting's positions, for one posting or for a whole field at once.

A value is the count (4 bytes, big-endian), then the list of position deltas pickled with
protocol 2: PROTO 2, EMPTY_LIST, BINPUT 0, then for two items or more MARK, each int (K: one
byte, M: two, J: four, little-endian), APPENDS (pickle writes up to 1,000 items in one batch);
for one item, the int and APPEND; then STOP.
"""

from __future__ import annotations

import itertools
import struct
from pickle import dumps

import numpy as np
import numpy.typing as npt
from whoosh.util.numeric import _length_byte_cache

Ints = npt.NDArray[np.int64]

_PACK_UINT = struct.Struct("!I").pack  # whoosh.system.pack_uint
_HEAD = b"\x80\x02]q\x00("
_TAIL = b"e."
_BATCH = 1000
_CHUNK = 1 << 18  # postings encoded together


def encode_positions(poslist: list[int]) -> bytes:
    """``Positions.encode``: the count, then the pickled deltas."""
    deltas = [poslist[0]]
    deltas.extend(b - a for a, b in itertools.pairwise(poslist))
    return _PACK_UINT(len(deltas)) + dumps(deltas, 2)


# Most postings have one position: their values, made once.
ONE_POSITION = [encode_positions([p]) for p in range(4096)]


def one_value(poslist: list[int]) -> bytes:
    """:func:`encode_positions`, from the table when it can."""
    if len(poslist) == 1 and poslist[0] < len(ONE_POSITION):
        return ONE_POSITION[poslist[0]]
    return encode_positions(poslist)


def encode_values(freqs: Ints, first: Ints, positions: Ints) -> list[bytes]:
    """Each posting's value, for all the postings of a field at once (``freqs``: each one's
    count of positions, ``first``: where they start in ``positions``): one position, from the
    table; 2 to 1,000, written into one buffer by numpy and cut into bytes; more (or a delta
    past a four-byte int), by ``pickle`` itself."""
    firsts = positions[first]
    values = list(map(ONE_POSITION.__getitem__, np.minimum(firsts, 4095).tolist()))
    rest = np.flatnonzero((freqs > 1) | (firsts >= len(ONE_POSITION)))
    many = rest[(freqs[rest] > 1) & (freqs[rest] <= _BATCH)]
    done = np.zeros(len(freqs), bool)
    for at in range(0, len(many), _CHUNK):  # a chunk at a time: numpy's arrays stay small
        chunk = many[at : at + _CHUNK]
        blob, begins, ends = _encode_many(freqs[chunk], first[chunk], positions)
        if blob is not None:
            for i, b, e in zip(chunk.tolist(), begins.tolist(), ends.tolist(), strict=True):
                values[i] = blob[b:e]
            done[chunk] = True
    for i in rest[~done[rest]].tolist():
        at, f = int(first[i]), int(freqs[i])
        values[i] = one_value(positions[at : at + f].tolist())
    return values


def _encode_many(counts: Ints, first: Ints, positions: Ints) -> tuple[bytes | None, Ints, Ints]:
    """Postings of 2 to 1,000 positions encoded into one buffer: (buffer, where each begins,
    where each ends); None when a delta is past a pickle's four-byte int."""
    owner = np.repeat(np.arange(len(counts)), counts)  # each word's posting
    starts = np.cumsum(counts) - counts  # each posting's first word
    nth = np.arange(len(owner)) - starts[owner]
    word = first[owner] + nth
    deltas = positions[word]
    later = nth > 0
    deltas[later] -= positions[word[later] - 1]
    if int(deltas.max()) >= 2**31:
        return None, counts, counts
    sizes = np.where(deltas < 256, 2, np.where(deltas < 65536, 3, 5))
    lengths = 4 + len(_HEAD) + np.add.reduceat(sizes, starts) + len(_TAIL)
    ends = np.cumsum(lengths)
    begins = ends - lengths
    out = np.zeros(int(ends[-1]), np.uint8)
    for k in range(4):  # the count, big-endian
        out[begins + k] = (counts >> (8 * (3 - k))) & 255
    for k, byte in enumerate(_HEAD):
        out[begins + 4 + k] = byte
    out[ends - 2], out[ends - 1] = _TAIL[0], _TAIL[1]
    before = np.cumsum(sizes) - sizes  # bytes of the words before, across all postings
    at = begins[owner] + 4 + len(_HEAD) + before - before[starts][owner]
    for size, opcode in ((2, ord("K")), (3, ord("M")), (5, ord("J"))):
        chosen = sizes == size
        where, value = at[chosen], deltas[chosen]
        out[where] = opcode
        for k in range(size - 1):
            out[where + 1 + k] = (value >> (8 * k)) & 255
    return out.tobytes(), begins, ends


_BYTE_LENGTHS = np.array(_length_byte_cache, np.int64)
_LONGEST = 106374  # this long and longer: 255


def to_byte(lengths: Ints) -> Ints:
    """Whoosh's ``length_to_byte`` of each length."""
    found = np.searchsorted(_BYTE_LENGTHS, lengths, "left")
    return np.where(lengths >= _LONGEST, 255, found)
