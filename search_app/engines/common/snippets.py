"""Snippets: HTML-escaped text with ``<mark>`` around matched words, and nothing else."""

from __future__ import annotations

import functools
import re
from html import escape

from whoosh import highlight

from indexer.schema import analyzer

MAX_CHARS = 240
SOURCE_CHARS = 5000  # highlighting analyses the text: the start of a long article is enough
WINDOW_BEFORE, WINDOW_AFTER = 120, 600  # analysed around the first likely match only


class MarkFormatter(highlight.Formatter):  # type: ignore[misc]
    """Escapes every character of the text; the only markup it adds is ``<mark>``."""

    between = " … "

    def _text(self, text: str) -> str:
        return escape(text, quote=False)

    def format_token(self, text: str, token: object, replace: bool = False) -> str:
        return f"<mark>{escape(highlight.get_text(text, token, replace), quote=False)}</mark>"


_ANALYZER = analyzer()
_FRAGMENTER = highlight.ContextFragmenter(maxchars=MAX_CHARS, surround=60)
_FORMATTER = MarkFormatter()


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
            fragment = highlight.highlight(
                window, wanted, _ANALYZER, _FRAGMENTER, _FORMATTER, top=2
            )
            if fragment:
                return str(fragment)
    first = next((t for t in texts if t), "")
    if len(first) > MAX_CHARS:
        first = first[:MAX_CHARS].rsplit(" ", 1)[0] + " …"
    return escape(first, quote=False)
