"""Seeded prose: a word-level Markov chain trained on the shipped corpus's own text.

Career names and cities in the training text are replaced by placeholders, so a generated welding
program talks about welding, not about whatever career the sentence was first written for.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

CAREER_SLOT = "\x01"  # replaced by the document's career (its name or an alias)
CITY_SLOT = "\x02"  # replaced by the document's city (or "your area" for online programs)
_END = frozenset(".?!")
_WORD = re.compile(r"\S+")


class _TextOfBlocks(HTMLParser):
    """The text of ``p`` and ``li`` elements, one string per element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._depth = 0
        self._parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("p", "li"):
            self._depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("p", "li") and self._depth:
            self._depth -= 1
            if not self._depth:
                text = " ".join("".join(self._parts).split())
                if len(text) > 40:
                    self.blocks.append(text)
                self._parts = []

    def handle_data(self, data: str) -> None:
        if self._depth:
            self._parts.append(data)


def corpus_paragraphs(corpus: Path) -> list[str]:
    """Paragraphs of the shipped articles and program pages, in a stable order."""
    out: list[str] = []
    for folder in ("articles", "programs"):
        for path in sorted((corpus / folder).rglob("*.html")):
            parser = _TextOfBlocks()
            parser.feed(path.read_text(encoding="utf-8", errors="replace"))
            out.extend(parser.blocks)
    return out


def _slot_pattern(phrases: Iterable[str]) -> re.Pattern[str] | None:
    unique = sorted({p for p in phrases if p.strip()}, key=len, reverse=True)
    if not unique:
        return None
    return re.compile(r"(?i)(?<![\w-])(?:" + "|".join(re.escape(p) for p in unique) + r")(?![\w-])")


@dataclass
class Markov:
    """An order-2 chain over words; sentence starts are kept separately."""

    chain: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    starts: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def train(cls, paragraphs: Iterable[str], careers: list[str], cities: list[str]) -> Markov:
        career_re = _slot_pattern(careers)
        city_re = _slot_pattern(cities)
        model = cls()
        for text in paragraphs:
            if career_re is not None:
                text = career_re.sub(CAREER_SLOT, text)
            if city_re is not None:
                text = city_re.sub(CITY_SLOT, text)
            words = _WORD.findall(text)
            sentence_start = True
            for i in range(len(words) - 2):
                a, b, c = words[i], words[i + 1], words[i + 2]
                if sentence_start:
                    model.starts.append((a, b))
                model.chain.setdefault((a, b), []).append(c)
                sentence_start = a[-1] in _END
        return model

    def sentence(self, rng: random.Random, max_words: int = 40) -> list[str]:
        a, b = rng.choice(self.starts)
        out = [a, b]
        choices = self.chain
        while len(out) < max_words and b[-1] not in _END:
            nxt = choices.get((a, b))
            if not nxt:
                break
            a, b = b, rng.choice(nxt)
            out.append(b)
        if out[-1][-1] not in _END:
            out[-1] = out[-1].rstrip(",;:") + "."
        return out

    def words(self, rng: random.Random, count: int) -> list[str]:
        """About ``count`` words of whole sentences (at least one sentence)."""
        out: list[str] = []
        while len(out) < count:
            out.extend(self.sentence(rng))
        return out


def fill(words: list[str], career: str, city: str) -> str:
    """Join words into text, putting the career and the city into their slots."""
    text = " ".join(words)
    if CAREER_SLOT in text:
        text = text.replace(CAREER_SLOT, career)
    if CITY_SLOT in text:
        text = text.replace(CITY_SLOT, city)
    return text
