"""Did-you-mean and near spellings from the index's own vocabulary.

People misspell by sound as often as by key: ``flebotomy``, ``farmacy``, ``sirtified``, ``kna``.
Candidates for a word come from three lookups, each a dictionary probe rather than a walk of the
vocabulary: words a few edits away with the same first letter (bucketed by first letter and
length), words that sound alike (the same Metaphone key, or a key one letter off), and, for words
of six letters or more, words that differ only in their first letter. They are ranked by edit
distance, then by how many documents use them.
"""

from __future__ import annotations

import threading
import time
from collections import Counter, defaultdict

import jellyfish

from indexer.taxonomy import fold
from search_app.engines.common.terms import terms_of

MIN_WORD = 4
MIN_SOUND_WORD = 3  # "kna" -> "cna": short words only by sound, one edit away
FIRST_LETTER_WORD = 6  # first-letter edits only for words this long
MAX_SCAN = 600  # candidates measured per word at most: bounded work for any input
MAX_NEAR_WORDS = 3  # the relaxation expands at most this many words…
MAX_NEAR_LOOKUPS = 6  # …of the first this many it looks up…
MAX_NEAR_TERMS = 6  # …into at most this many known terms each
STOP = {"with", "from", "that", "this", "what", "near", "your", "have", "into", "about", "than"}


def max_distance(word: str) -> int:
    """Longer words may be further off: one edit up to seven letters, two after."""
    return 1 if len(word) <= 7 else 2


def sound_key(word: str) -> str:
    """The Metaphone key of a word (``flebotomy`` and ``phlebotomy`` share ``FLBTM``)."""
    return str(jellyfish.metaphone(word))


def _deletes(key: str) -> set[str]:
    return {key[:i] + key[i + 1 :] for i in range(len(key))} if len(key) > 1 else set()


class Speller:
    def __init__(self, words: Counter[str]) -> None:
        self.words = words
        self._buckets: dict[tuple[str, int], list[str]] = defaultdict(list)
        for word in words:
            self._buckets[(word[0], len(word))].append(word)
        self._sounds: dict[str, list[str]] | None = None
        self._tails: dict[str, list[str]] | None = None
        self._lock = threading.Lock()

    def warm(self) -> Speller:
        """Build the sound index now (when a generation opens), not in a request's budget."""
        self._sound_index()
        return self

    def known(self, word: str) -> bool:
        return word in self.words

    def _sound_index(self) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
        """Words by sound key (and by the key less one letter), and by all but their first
        letter; built on first use, once per vocabulary."""
        with self._lock:
            if self._sounds is None or self._tails is None:
                sounds: dict[str, list[str]] = defaultdict(list)
                tails: dict[str, list[str]] = defaultdict(list)
                for word in sorted(self.words, key=lambda w: -self.words[w]):
                    if not word.isalpha() or len(word) < MIN_SOUND_WORD:
                        continue
                    key = sound_key(word)
                    for variant in {key, *_deletes(key)}:
                        sounds[variant].append(word)
                    if len(word) >= FIRST_LETTER_WORD:
                        tails[word[1:]].append(word)
                self._sounds, self._tails = dict(sounds), dict(tails)
            return self._sounds, self._tails

    def candidates(self, word: str, limit: int = 8) -> list[str]:
        """Known words ``word`` may have meant, best first: fewest edits, then most used."""
        if word in self.words or word in STOP or not word.isalpha():
            return []
        if len(word) < MIN_SOUND_WORD:
            return []
        limit_edits = max_distance(word)
        pool: dict[str, int] = {}  # candidate -> edits allowed for how it was found
        if len(word) >= MIN_WORD:
            for length in range(len(word) - limit_edits, len(word) + limit_edits + 1):
                for candidate in self._buckets.get((word[0], length), ())[:MAX_SCAN]:
                    pool.setdefault(candidate, limit_edits)
        sounds, tails = self._sound_index()
        short = len(word) < MIN_WORD
        key = sound_key(word)
        for variant in (key, *sorted(_deletes(key))):
            for candidate in sounds.get(variant, ())[:MAX_SCAN]:
                # Sounding alike earns one more edit ("ph" for "f"), except for short words.
                pool[candidate] = max(pool.get(candidate, 0), 1 if short else limit_edits + 1)
        if len(word) >= FIRST_LETTER_WORD:
            for candidate in (*tails.get(word[1:], ()), *tails.get(word, ())):
                pool.setdefault(candidate, 1)
            if word[1:] in self.words:
                pool.setdefault(word[1:], 1)
        ranked: list[tuple[int, int, str]] = []
        for candidate, allowed in list(pool.items())[: MAX_SCAN * 4]:
            if short and len(candidate) != len(word):
                continue
            distance = jellyfish.damerau_levenshtein_distance(word, candidate)
            if 0 < distance <= allowed:
                ranked.append((distance, -self.words[candidate], candidate))
        ranked.sort()
        return [c for _, _, c in ranked[:limit]]

    def correct_word(self, word: str) -> str | None:
        """The best known word within the allowed edits or sounding alike, or None."""
        found = self.candidates(word, limit=1)
        return found[0] if found else None

    def correct(self, text: str) -> str | None:
        """``text`` with its unknown words corrected, or None when nothing changed."""
        words = fold(text).split()
        fixed = [self.correct_word(w) or w for w in words]
        return " ".join(fixed) if fixed != words else None


Near = tuple[tuple[str, tuple[str, ...]], ...]


def near_spellings(speller: Speller, text: str, deadline: float) -> Near:
    """For the relaxation's "near spellings" step: the analysed terms of a few unknown words of
    ``text`` and the known terms each may stand for. Bounded work: a few words, a few
    candidates each, and nothing more once ``deadline`` (``time.perf_counter()``) has passed."""
    out: list[tuple[str, tuple[str, ...]]] = []
    for word in fold(text).split()[:MAX_NEAR_LOOKUPS]:
        if len(out) >= MAX_NEAR_WORDS or time.perf_counter() > deadline:
            break
        typed = terms_of(word)
        if not typed:
            continue
        found: list[str] = []
        for candidate in speller.candidates(word, limit=MAX_NEAR_TERMS):
            found += [t for t in terms_of(candidate) if t != typed[0] and t not in found]
        if found:
            out.append((typed[0], tuple(found)))
    return tuple(out)
