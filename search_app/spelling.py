"""Did-you-mean from the index's own vocabulary: the nearest known word by edit distance."""

from __future__ import annotations

from collections import Counter, defaultdict

import jellyfish

from indexer.taxonomy import fold

MIN_WORD = 4
STOP = {"with", "from", "that", "this", "what", "near", "your", "have", "into", "about", "than"}


def max_distance(word: str) -> int:
    """Longer words may be further off: one edit up to seven letters, two after."""
    return 1 if len(word) <= 7 else 2


class Speller:
    def __init__(self, words: Counter[str]) -> None:
        self.words = words
        self._buckets: dict[tuple[str, int], list[str]] = defaultdict(list)
        for word in words:
            self._buckets[(word[0], len(word))].append(word)

    def known(self, word: str) -> bool:
        return word in self.words

    def correct_word(self, word: str) -> str | None:
        """The most frequent known word within the allowed edits, or None when none is close."""
        if len(word) < MIN_WORD or word in self.words or word in STOP or not word.isalpha():
            return None
        limit = max_distance(word)
        best: tuple[int, int, str] | None = None
        firsts = {word[0], *(word[1:2] if limit > 1 else "")}
        for first in firsts:
            for length in range(len(word) - limit, len(word) + limit + 1):
                for candidate in self._buckets.get((first, length), ()):
                    distance = jellyfish.damerau_levenshtein_distance(word, candidate)
                    if distance <= limit:
                        key = (distance, -self.words[candidate], candidate)
                        if best is None or key < best:
                            best = key
        return best[2] if best else None

    def correct(self, text: str) -> str | None:
        """``text`` with its unknown words corrected, or None when nothing changed."""
        words = fold(text).split()
        fixed = [self.correct_word(w) or w for w in words]
        return " ".join(fixed) if fixed != words else None
