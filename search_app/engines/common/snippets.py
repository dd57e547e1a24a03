"""Snippets: HTML-escaped text with ``<mark>`` around matched words, and nothing else.

Engine-neutral: words and stems come from the shared analysis (``indexer.analysis``), so a
snippet marks the words any engine matched.
"""

from __future__ import annotations

import functools
import heapq
import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html import escape
from typing import NamedTuple

from indexer import analysis

MAX_CHARS = 240  # characters of words in one fragment at most
SOURCE_CHARS = 5000  # highlighting analyses the text: the start of a long article is enough
WINDOW_BEFORE, WINDOW_AFTER = 120, 600  # analysed around the first likely match only
BETWEEN = " … "  # between two fragments of one snippet
SURROUND = 60  # characters of context around the matched words
TOP = 2  # fragments per snippet at most
MAX_SCAN = 2**15  # words beyond this character are never looked at


class Word(NamedTuple):
    """One word of the text: its term as the highlighter compares it, where it stands, and
    whether it is one of the wanted terms."""

    text: str
    start: int
    end: int
    matched: bool


@functools.lru_cache(maxsize=65536)
def _term(word: str) -> str:
    """A word's stem; a stop word or a one-letter word keeps its lowercased form (it still
    takes room in a fragment, and is never one of a query's terms)."""
    lowered = word.lower()
    return analysis.stem(lowered) if analysis.kept(lowered) else lowered


def _words(text: str, terms: frozenset[str]) -> Iterator[Word]:
    """Every word of the text, with its term."""
    for found in analysis.WORD.finditer(text):
        term = _term(found.group(0))
        yield Word(term, found.start(), found.end(), term in terms)


@dataclass
class Fragment:
    start: int
    end: int
    matches: list[Word]

    def score(self) -> int:
        """More matched words score more, and more distinct terms far more."""
        return len(self.matches) * (len({w.text for w in self.matches}) * 100 or 1)


def _fragments(text: str, words: Iterable[Word]) -> Iterator[Fragment]:
    """Runs of text around matched words, each up to ``MAX_CHARS`` of words and with about
    ``SURROUND`` characters of context on either side (Whoosh's ContextFragmenter, which this
    reproduces, so that snippets read as they always have)."""
    first: int | None = None  # where the current fragment starts
    before: deque[int] = deque()  # starts of the unmatched words just before it
    countdown = -1  # < 0: not in a fragment; else characters of context still to take
    matches: list[Word] = []
    end = 0
    length = 0  # characters of words in the current fragment
    for word in words:
        end = word.end
        size = word.end - word.start
        if word.end > MAX_SCAN:
            break
        if countdown < 0 and not word.matched:
            before.append(word.start)
            while before and word.end - before[0] > SURROUND:
                before.popleft()
        elif length + size > MAX_CHARS:
            countdown = 0  # this word would make it too long: the fragment ends here
        elif word.matched:
            countdown = SURROUND
            if first is None:
                if before:
                    first = before[0]
                else:
                    first = word.start
                    countdown += SURROUND  # no context before it: take more after
            matches.append(word)
        if countdown >= 0:
            length += size
            countdown -= size
            if countdown <= 0:
                yield Fragment(first if first is not None else 0, end, matches)
                matches, before, first, length = [], deque(), None, 0
    if matches:
        yield Fragment(first if first is not None else 0, end, matches)


def _format(text: str, fragment: Fragment) -> str:
    out: list[str] = []
    at = fragment.start
    for word in fragment.matches:
        if word.start < at:
            continue
        out.append(escape(text[at : word.start], quote=False))
        out.append(f"<mark>{escape(text[word.start : word.end], quote=False)}</mark>")
        at = word.end
    out.append(escape(text[at : fragment.end], quote=False))
    return "".join(out)


def highlight(text: str, terms: frozenset[str]) -> str:
    """The ``TOP`` best fragments of ``text`` in their order in the text, with the words whose
    term is one of ``terms`` marked; "" when no word matches. Among fragments that score the
    same, the earlier ones (Whoosh's highlighter, which this otherwise follows exactly, broke
    such ties by the fragments' memory addresses)."""
    scored = [(f.score(), n, f) for n, f in enumerate(_fragments(text, _words(text, terms)))]
    best = heapq.nlargest(TOP, scored, key=lambda s: (s[0], -s[1]))
    chosen = sorted((f for score, _, f in best if score >= 1), key=lambda f: f.start)
    return BETWEEN.join(_format(text, f) for f in chosen)


@functools.lru_cache(maxsize=1024)
def _likely(terms: frozenset[str]) -> re.Pattern[str]:
    """Words that may analyse to one of the stems: a stem's first letters start the word (a
    stem can end differently from its word: phlebotomi, phlebotomy)."""
    starts = sorted({re.escape(t[:-1] if len(t) > 3 else t) for t in terms}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(starts) + ")", re.IGNORECASE)


def _window(text: str, terms: frozenset[str]) -> str | None:
    """The part of the text around its first likely match, None when nothing can match: the
    highlighter analyses every word it is given, and most of a long body has no match."""
    found = _likely(terms).search(text)
    if found is None:
        return None
    start = max(0, found.start() - WINDOW_BEFORE)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < found.start() else found.start()
    return text[start : found.start() + WINDOW_AFTER]


def make_snippet(texts: list[str], terms: set[str]) -> str:
    """The best fragment of the first text with a term in it, else the start of the first text."""
    texts = [t[:SOURCE_CHARS] for t in texts]
    wanted = frozenset(t for t in terms if t)
    if wanted:
        for text in texts:
            window = _window(text, wanted) if text else None
            if window is None:
                continue
            fragment = highlight(window, wanted)
            if fragment:
                return fragment
    first = next((t for t in texts if t), "")
    if len(first) > MAX_CHARS:
        first = first[:MAX_CHARS].rsplit(" ", 1)[0] + " …"
    return escape(first, quote=False)
