"""Whoosh's half of career phrases (:mod:`indexer.phrases`): the analysis filter that marks them
and the positions format in which a mark adds nothing to a field's length."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from whoosh.analysis import Filter
from whoosh.formats import Positions

from indexer.phrases import JOIN

__all__ = ["JOIN", "MarkedPositions", "PhraseMarks", "marks_of"]


class PhraseMarks(Filter):  # type: ignore[misc]
    """After the stems of a known phrase, one more token: the phrase's term, at the position of
    its last word (queries are analysed without it: ``mode="query"`` passes tokens through)."""

    def __init__(self, phrases: Iterable[tuple[str, ...]]) -> None:
        self.phrases = frozenset(tuple(p) for p in phrases if len(p) >= 2)
        self.longest = max((len(p) for p in self.phrases), default=0)
        self.last_words = frozenset(p[-1] for p in self.phrases)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PhraseMarks) and other.phrases == self.phrases

    def __hash__(self) -> int:
        return hash(self.phrases)

    def __call__(self, tokens: Iterator[Any]) -> Iterator[Any]:
        recent: deque[str] = deque(maxlen=max(self.longest, 1))
        for token in tokens:
            yield token
            if token.mode == "query" or not self.phrases:
                continue
            text = token.text
            recent.append(text)
            if text not in self.last_words:
                continue
            words = tuple(recent)
            for n in range(2, len(words) + 1):
                if words[-n:] in self.phrases:
                    token.text = JOIN.join(words[-n:])
                    yield token
            token.text = text


class MarkedPositions(Positions):  # type: ignore[misc]
    """Whoosh's positions format, except that a marked phrase adds nothing to the field's length:
    BM25 normalises by the words as written, so a title that names a career in full is not
    treated as a longer title than one that does not."""

    def word_values(self, value: Any, analyzer: Any, **kwargs: Any) -> Iterator[Any]:
        for word, freq, weight, encoded in super().word_values(value, analyzer, **kwargs):
            yield word, (0 if JOIN in word else freq), weight, encoded


def marks_of(analyzer: Any) -> frozenset[tuple[str, ...]]:
    """The phrases a field's analyzer marks (none for an index built without them)."""
    for item in getattr(analyzer, "items", ()):
        if isinstance(item, PhraseMarks):
            return item.phrases
    return frozenset()
