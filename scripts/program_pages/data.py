"""Load the writing material: careers and phrase banks, from the TOML files in ``data/``."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from .model import Career, Phrases

DATA_DIR = Path(__file__).resolve().parent / "data"
CAREER_KEYS = {"name", "soc", "sector", "role", "aliases", "topics", "hands_on"}
CAREER_KEYS |= {"online_practice", "audience", "settings"}


@dataclass(frozen=True)
class Material:
    """Everything the pages are written from, apart from the facts table."""

    careers: dict[str, Career]
    phrases: Phrases

    @property
    def formats(self) -> tuple[str, ...]:
        return self.phrases.sections("formats")


def _career(entry: dict[str, object], sectors: set[str]) -> tuple[str, Career]:
    name = str(entry.get("name", "?"))
    unknown = set(entry) - CAREER_KEYS
    missing = CAREER_KEYS - {"soc"} - set(entry)
    if unknown or missing:
        raise ValueError(
            f"careers.toml {name}: unknown {sorted(unknown)}, missing {sorted(missing)}"
        )
    if entry["sector"] not in sectors:
        raise ValueError(f"careers.toml {name}: no audience phrases for sector {entry['sector']!r}")

    def strings(key: str) -> tuple[str, ...]:
        value = entry[key]
        if not isinstance(value, list):
            raise ValueError(f"careers.toml {name}: {key} must be a list")
        return tuple(str(v) for v in value)

    soc = entry.get("soc")
    return name, Career(
        soc=str(soc) if soc else None,
        sector=str(entry["sector"]),
        role=str(entry["role"]),
        aliases=strings("aliases"),
        topics=strings("topics"),
        hands_on=strings("hands_on"),
        online_practice=str(entry["online_practice"]),
        audience=strings("audience"),
        settings=strings("settings"),
    )


def load_material(data_dir: Path = DATA_DIR) -> Material:
    """Read ``careers.toml`` and ``phrases.toml``, checking that they fit together."""
    phrases = Phrases(tomllib.loads((data_dir / "phrases.toml").read_text(encoding="utf-8")))
    sectors = set(phrases.sections("audience"))
    entries = tomllib.loads((data_dir / "careers.toml").read_text(encoding="utf-8"))["careers"]
    careers = dict(_career(entry, sectors) for entry in entries)
    if len(careers) != len(entries):
        raise ValueError("careers.toml: a career is named twice")
    return Material(careers, phrases)
