"""Synonym candidates for queries that found nothing: near spellings and sound-alikes among the
index's own words, and careers whose names or aliases the query resembles. An editor reads them
and copies the good ones into ``synonyms.toml``; nothing is applied by itself."""

from __future__ import annotations

import difflib
from collections import Counter

import jellyfish

from indexer.taxonomy import Taxonomy, fold

MIN_WORD = 4
PER_QUERY = 3


class Proposer:
    """Proposals against one index's words and taxonomy (sound-alikes are indexed once)."""

    def __init__(self, words: Counter[str], taxonomy: Taxonomy) -> None:
        self.words = words
        self.taxonomy = taxonomy
        self.sounds: dict[str, tuple[int, str]] = {}
        for word, count in words.items():
            if len(word) >= MIN_WORD and word.isalpha():
                sound = jellyfish.metaphone(word)
                if sound not in self.sounds or count > self.sounds[sound][0]:
                    self.sounds[sound] = (count, word)
        self.terms = {fold(t): c.name for c in taxonomy.careers for t in (*c.terms, c.slug)}

    def propose(self, query: str) -> list[dict[str, str]]:
        """Up to a few proposals for ``query``, each with why and the TOML to paste."""
        out: list[dict[str, str]] = []
        folded = fold(query)
        close = difflib.get_close_matches(folded, list(self.terms), n=1, cutoff=0.8)
        if close and close[0] != folded:
            career = self.terms[close[0]]
            out.append(
                {
                    "query": query,
                    "why": f"resembles the career {career!r}",
                    "toml": f'[careers]\n"{career}" = ["{folded}"]',
                }
            )
        for word in folded.split():
            if len(word) < MIN_WORD or word in self.words or not word.isalpha():
                continue
            found = self._near(word)
            if found is not None:
                target, why = found
                out.append(
                    {
                        "query": query,
                        "why": f"{word!r} {why} {target!r}, a word of the index",
                        "toml": f'[[one_way]]\nfrom = "{word}"\nto = ["{target}"]',
                    }
                )
        return out[:PER_QUERY]

    def _near(self, word: str) -> tuple[str, str] | None:
        """The commonest index word one or two edits away, else the one that sounds alike."""
        limit = 1 if len(word) <= 7 else 2
        best: tuple[int, int, str] | None = None
        for candidate, count in self.words.items():
            if abs(len(candidate) - len(word)) > limit:
                continue
            distance = jellyfish.damerau_levenshtein_distance(word, candidate)
            if distance <= limit and (best is None or (distance, -count, candidate) < best):
                best = (distance, -count, candidate)
        if best is not None:
            return best[2], "is a near spelling of"
        heard = self.sounds.get(jellyfish.metaphone(word))
        if heard is not None and heard[1] != word:
            return heard[1], "sounds like"
        return None
