"""The dataclasses the generator passes around: a career's material, a facts row, phrases."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

SEED = "course-search-programs-v1"
GENERATOR = "course-search scripts/render_programs.py"
MARKUPS = ("jsonld-course", "jsonld-program", "microdata", "none")


def seeded(prog_id: str, purpose: str) -> random.Random:
    """The random source for one purpose on one page: the same row gives the same page."""
    return random.Random(f"{SEED}:{prog_id}:{purpose}")


@dataclass(frozen=True)
class Career:
    """Writing material for one canonical career (one table of ``data/careers.toml``)."""

    soc: str | None
    sector: str
    role: str
    aliases: tuple[str, ...]
    topics: tuple[str, ...]
    hands_on: tuple[str, ...]
    online_practice: str
    audience: tuple[str, ...]
    settings: tuple[str, ...]


@dataclass(frozen=True)
class Program:
    """One row of the facts table."""

    id: str
    career: str
    title: str
    provider: str
    street: str
    city: str
    state: str
    zip: str
    format: str
    cost: int | None
    hours: int | None
    weeks: int | None
    credential: str
    schedule: str
    markup: str

    @property
    def online(self) -> bool:
        return self.format == "online"

    @property
    def folder(self) -> str:
        return "online" if self.online or not self.state else self.state.lower()

    @property
    def place(self) -> str:
        return "Online" if self.online else f"{self.city}, {self.state}"

    @property
    def address(self) -> str:
        if self.online:
            return ""
        return f"{self.street}, {self.city}, {self.state} {self.zip}".lstrip(", ")


@dataclass(frozen=True)
class Phrases:
    """The phrase banks of ``data/phrases.toml``: sentence templates with ``{name}`` fields."""

    table: Mapping[str, Any]

    def options(self, section: str, key: str) -> list[str]:
        return list(self.table[section][key])

    def for_sector(self, section: str, sector: str) -> list[str]:
        """The sector's own list in ``section``, else its ``default`` list."""
        bank = self.table[section]
        return list(bank.get(sector, bank["default"]))

    def text(self, section: str, key: str) -> str:
        return str(self.table[section][key])

    def fill(self, section: str, key: str, **fields: object) -> str:
        """The one template at ``section.key``, filled; no random choice is made."""
        return self.text(section, key).format_map(fields)

    def pick(self, rng: random.Random, options: Sequence[str], **fields: object) -> str:
        """One of ``options`` at random, filled."""
        return rng.choice(options).format_map(fields)

    def sections(self, section: str) -> tuple[str, ...]:
        """The keys of one section: the formats, or the sectors with audience phrases."""
        return tuple(self.table[section])

    def format_words(self, fmt: str) -> dict[str, str]:
        """A format's ``label``, ``course_mode`` and ``program_mode``."""
        return dict(self.table["formats"][fmt])

    def note(self, state: str) -> str:
        """The footer note for a page of ``state``: its own, else the default."""
        notes = self.table["notes"]
        return str(notes.get(state, notes["default"]))
