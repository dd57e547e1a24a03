"""The careers taxonomy (``careers.toml``): canonical names, aliases and facts."""

from __future__ import annotations

import functools
import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from indexer.synonyms import Synonyms

_NON_WORD = re.compile(r"[^0-9a-z]+")


@functools.lru_cache(maxsize=65_536)
def fold(text: str) -> str:
    """Lowercase ``text`` and reduce it to words separated by single spaces. Cached: suggest
    folds every career term and place name on every keystroke."""
    return _NON_WORD.sub(" ", text.lower()).strip()


@dataclass(frozen=True)
class Career:
    name: str
    slug: str
    category: str = "healthcare"
    soc: str | None = None
    aliases: tuple[str, ...] = ()
    summary: str = ""
    training: str | None = None
    training_weeks_min: int | None = None
    training_weeks_max: int | None = None
    median_pay_usd: int | None = None
    median_pay_year: int | None = None
    growth_pct: int | None = None
    growth_period: str | None = None
    entry_education: str | None = None
    facts_source: str | None = None
    note: str | None = None

    @property
    def terms(self) -> tuple[str, ...]:
        """The name and every alias: what a person might type for this career."""
        return (self.name, *self.aliases)


@dataclass
class Taxonomy:
    careers: list[Career] = field(default_factory=list)
    fingerprint: str = ""
    synonyms: Synonyms | None = None  # synonyms.toml's word rules (its aliases are in careers)

    def __post_init__(self) -> None:
        self._by_key: dict[str, Career] = {}
        for career in self.careers:
            for term in (*career.terms, career.slug):
                self._by_key.setdefault(fold(term), career)
            if career.soc:
                self._by_key.setdefault(career.soc, career)
        # Longest phrases first, so "certified pharmacy technician" beats "pharmacy technician".
        phrases = sorted({k for k in self._by_key if not re.fullmatch(r"\d\d-\d{4}", k)}, key=len)
        alternation = "|".join(re.escape(p) for p in reversed(phrases) if p)
        # A plural counts too: "cnas", "pharmacy techs", "phlebotomists".
        self._pattern = (
            re.compile(rf"(?<![0-9a-z])(?:{alternation})(?:s|es)?(?![0-9a-z])") if phrases else None
        )

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.careers]

    def get(self, name: str) -> Career | None:
        """The career whose canonical name is ``name`` (exact)."""
        return next((c for c in self.careers if c.name == name), None)

    def resolve(self, value: str) -> Career | None:
        """The career a name, alias, slug or SOC code (``29-2052`` or ``29-2052.00``) stands for."""
        value = value.strip()
        soc = re.match(r"^(\d\d-\d{4})(?:\.\d\d)?$", value)
        if soc:
            return self._by_key.get(soc.group(1))
        return self._by_key.get(fold(value))

    def find_spans(self, folded: str) -> list[tuple[Career, int, int]]:
        """Careers named in already folded text, with where each mention starts and ends."""
        if self._pattern is None:
            return []
        return [(self._key(m.group(0)), m.start(), m.end()) for m in self._pattern.finditer(folded)]

    def _key(self, matched: str) -> Career:
        for candidate in (matched, matched.removesuffix("s"), matched.removesuffix("es")):
            if candidate in self._by_key:
                return self._by_key[candidate]
        raise KeyError(matched)

    def find_in_text(self, text: str) -> list[Career]:
        """Careers named in free text, in order of first mention, without repeats."""
        if self._pattern is None:
            return []
        found: list[Career] = []
        for match in self._pattern.finditer(fold(text)):
            career = self._key(match.group(0))
            if career not in found:
                found.append(career)
        return found


def load_taxonomy(path: Path | None) -> Taxonomy:
    """Read ``careers.toml``; a missing file gives an empty taxonomy."""
    if path is None or not path.is_file():
        return Taxonomy()
    return parse_taxonomy(path.read_bytes())


def parse_taxonomy(raw: bytes) -> Taxonomy:
    """The taxonomy in the bytes of a ``careers.toml``."""
    data = tomllib.loads(raw.decode("utf-8"))
    careers = [_career(entry) for entry in data.get("careers", [])]
    return Taxonomy(careers=careers, fingerprint=hashlib.sha256(raw).hexdigest())


def _career(entry: dict[str, Any]) -> Career:
    known = set(Career.__dataclass_fields__)
    values = {k: v for k, v in entry.items() if k in known}
    values["aliases"] = tuple(str(a) for a in entry.get("aliases", []))
    return Career(**values)
