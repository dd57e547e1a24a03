"""Snippets: HTML-escaped text with ``<mark>`` around matched words, and nothing else."""

from __future__ import annotations

from html import escape

from whoosh import highlight

from indexer.schema import analyzer

MAX_CHARS = 240
SOURCE_CHARS = 5000  # highlighting analyses the text: the start of a long article is enough


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


def make_snippet(texts: list[str], terms: set[str]) -> str:
    """The best fragment of the first text with a term in it, else the start of the first text."""
    texts = [t[:SOURCE_CHARS] for t in texts]
    if terms:
        for text in texts:
            if not text:
                continue
            fragment = highlight.highlight(
                text, frozenset(terms), _ANALYZER, _FRAGMENTER, _FORMATTER, top=2
            )
            if fragment:
                return str(fragment)
    first = next((t for t in texts if t), "")
    if len(first) > MAX_CHARS:
        first = first[:MAX_CHARS].rsplit(" ", 1)[0] + " …"
    return escape(first, quote=False)
