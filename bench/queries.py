"""A seeded query log with the mix people type into the search box and the autocomplete.

Words are Zipf-distributed over a vocabulary built from the careers (names and aliases), the
cities and states of the scale corpus and common search words. The mix: 1–3 words, places
("phlebotomy houston", "cna in texas"), typos (~10%), facet filters (career, location, format),
paging (pages 2–5), and autocomplete prefixes ("phl", "pharm t") for ``/api/v1/suggest``.
"""

from __future__ import annotations

import json
import random
import string
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from bench.corpus.careers import CareerInfo, zipf_weights
from bench.places import STATE_NAMES, STATES_BY_POPULATION, ranked_cities

COMMON_WORDS = (
    "classes", "training", "certification", "course", "program", "online", "salary", "school",
    "near me", "cost", "jobs", "license", "free", "night classes", "weekend", "requirements",
    "exam", "renewal", "accelerated", "cheap", "how to become", "hybrid", "schedule",
    "financial aid",
)  # fmt: skip
FORMATS = ("in-person", "online", "hybrid")
# Shares of the log; the rest of the search entries are 1–3 word queries.
SUGGEST_SHARE = 0.30
PLACE_SHARE = 0.22
FILTER_SHARE = 0.20
PAGING_SHARE = 0.10
TYPO_SHARE = 0.10


@dataclass(frozen=True)
class LoggedQuery:
    """One request of the log: a search (q, filters, page) or an autocomplete prefix."""

    kind: str  # words, place, filters, paging or suggest
    q: str
    careers: tuple[str, ...] = ()
    locations: tuple[str, ...] = ()
    format: str | None = None
    page: int = 1
    typo: bool = False

    @property
    def is_suggest(self) -> bool:
        return self.kind == "suggest"

    def args(self) -> dict[str, str | list[str]]:
        """Request arguments, as ``search_app.query.parse_args`` reads them."""
        out: dict[str, str | list[str]] = {"q": self.q}
        if self.careers:
            out["career"] = list(self.careers)
        if self.locations:
            out["location"] = list(self.locations)
        if self.format:
            out["format"] = self.format
        if self.page > 1:
            out["page"] = str(self.page)
        return out

    def path(self) -> str:
        """The HTTP request path."""
        if self.is_suggest:
            return "/api/v1/suggest?" + urlencode({"q": self.q})
        return "/api/v1/search?" + urlencode(self.args(), doseq=True)


class Vocabulary:
    """What people type, each list in popularity order (rank 1 first)."""

    def __init__(self, careers: Sequence[CareerInfo]) -> None:
        self.careers = list(careers)
        self.career_words: list[list[str]] = []
        for career in careers:
            words = [career.name.lower()]
            words += [a.lower() for a in career.aliases if len(a.split()) <= 3]
            head = career.name.split()[0].lower()
            if len(head) > 3 and head not in words:
                words.append(head)
            self.career_words.append(words)
        self.cities = [(city, state) for city, state, _ in ranked_cities()]
        self.states = [(code, STATE_NAMES[code]) for code in STATES_BY_POPULATION]
        self._career_w = zipf_weights(len(self.careers), 0.8)
        self._city_w = zipf_weights(len(self.cities), 0.9)
        self._state_w = zipf_weights(len(self.states), 0.9)
        self._common_w = zipf_weights(len(COMMON_WORDS), 1.0)

    def career(self, rng: random.Random) -> tuple[CareerInfo, str]:
        """A career and how it was typed: its name, an alias or its head word (Zipf)."""
        index = rng.choices(range(len(self.careers)), cum_weights=self._career_w)[0]
        words = self.career_words[index]
        typed = words[0] if rng.random() < 0.45 else rng.choices(words, zipf_weights(len(words)))[0]
        return self.careers[index], typed

    def city(self, rng: random.Random) -> tuple[str, str]:
        return rng.choices(self.cities, cum_weights=self._city_w)[0]

    def state(self, rng: random.Random) -> tuple[str, str]:
        return rng.choices(self.states, cum_weights=self._state_w)[0]

    def common(self, rng: random.Random) -> str:
        return rng.choices(COMMON_WORDS, cum_weights=self._common_w)[0]


def typo(text: str, rng: random.Random) -> str:
    """One slip of the keyboard in one word of four letters or more."""
    words = text.split(" ")
    candidates = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()]
    if not candidates:
        return text
    i = rng.choice(candidates)
    word = words[i]
    pos = rng.randrange(1, len(word) - 1)
    op = rng.randrange(4)
    if op == 0:  # a letter dropped
        word = word[:pos] + word[pos + 1 :]
    elif op == 1:  # two letters swapped
        word = word[: pos - 1] + word[pos] + word[pos - 1] + word[pos + 1 :]
    elif op == 2:  # a wrong letter
        word = word[:pos] + rng.choice(string.ascii_lowercase) + word[pos + 1 :]
    else:  # a letter doubled
        word = word[:pos] + word[pos] + word[pos:]
    words[i] = word
    return " ".join(words)


def _words_query(vocab: Vocabulary, rng: random.Random) -> tuple[CareerInfo, str]:
    career, typed = vocab.career(rng)
    roll = rng.random()
    if roll < 0.45:
        return career, typed
    if roll < 0.9:
        word = vocab.common(rng)
        return career, typed if word in typed else f"{typed} {word}"
    if roll < 0.95:
        return career, vocab.common(rng)
    _, other = vocab.career(rng)
    return career, f"{typed} vs {other}"


def _place_query(vocab: Vocabulary, rng: random.Random) -> str:
    _, typed = vocab.career(rng)
    roll = rng.random()
    if roll < 0.55:
        city, _ = vocab.city(rng)
        joiner = rng.choice(("", "", "in ", "near ", "classes "))
        return f"{typed} {joiner}{city.lower()}"
    state, name = vocab.state(rng)
    where = name.lower() if rng.random() < 0.7 else state.lower()
    return f"{typed} in {where}" if rng.random() < 0.5 else f"{typed} {where}"


def _filters(vocab: Vocabulary, rng: random.Random, career: CareerInfo) -> dict[str, Any]:
    """Facets people click: mostly the career they typed, a city, sometimes a format."""
    out: dict[str, Any] = {}
    roll = rng.random()
    if roll < 0.4 or roll >= 0.8:
        chosen = career if rng.random() < 0.8 else vocab.career(rng)[0]
        out["careers"] = (chosen.name,)
    if roll >= 0.4:
        city, state = vocab.city(rng)
        out["locations"] = (f"{city}, {state}",)
    if rng.random() < 0.2:
        out["format"] = rng.choice(FORMATS)
    return out


def _prefix(vocab: Vocabulary, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.7:
        text = vocab.career(rng)[1]
    elif roll < 0.9:
        text = vocab.city(rng)[0].lower()
    else:
        text = vocab.state(rng)[1].lower()
    words = text.split(" ")
    if len(words) > 1 and rng.random() < 0.35:  # "pharm t": a word and the start of the next
        return f"{words[0]} {words[1][: rng.randint(1, max(1, len(words[1]) - 1))]}"
    first = words[0]
    return first[: rng.randint(min(2, len(first)), max(2, min(len(first), 7)))]


def generate_log(careers: Sequence[CareerInfo], count: int, seed: int) -> list[LoggedQuery]:
    """``count`` requests: about 70% searches with the mix above, 30% autocomplete prefixes."""
    rng = random.Random(f"queries/{seed}")
    vocab = Vocabulary(careers)
    out: list[LoggedQuery] = []
    for _ in range(count):
        if rng.random() < SUGGEST_SHARE:
            out.append(LoggedQuery("suggest", _prefix(vocab, rng)))
            continue
        roll = rng.random()
        kind = "words"
        extra: dict[str, Any] = {}
        if roll < PLACE_SHARE:
            kind, q = "place", _place_query(vocab, rng)
        else:
            career, q = _words_query(vocab, rng)
            if roll < PLACE_SHARE + FILTER_SHARE:
                kind, extra = "filters", _filters(vocab, rng, career)
            elif roll < PLACE_SHARE + FILTER_SHARE + PAGING_SHARE:
                kind, extra = "paging", {"page": rng.randint(2, 5)}
        slipped = rng.random() < TYPO_SHARE
        if slipped:
            q = typo(q, rng)
        out.append(LoggedQuery(kind, q, typo=slipped, **extra))
    return out


def summarize(log: Sequence[LoggedQuery]) -> dict[str, Any]:
    kinds = Counter(q.kind for q in log)
    return {
        "requests": len(log),
        "by_kind": dict(sorted(kinds.items())),
        "typos": sum(q.typo for q in log),
        "distinct": len({q.path() for q in log}),
    }


def write_log(path: Path, log: Sequence[LoggedQuery]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for entry in log:
            out.write(json.dumps(asdict(entry)) + "\n")


def write_paths(path: Path, log: Sequence[LoggedQuery]) -> None:
    """One request path a line, for the HTTP load generator."""
    path.write_text("".join(q.path() + "\n" for q in log), encoding="utf-8")
