"""Careers read from the taxonomy, and the seeded Zipf choices of careers, cities and providers."""

from __future__ import annotations

import random
import tomllib
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

from bench.corpus.words import PROVIDER_KINDS, PROVIDER_PREFIXES
from bench.places import ranked_cities


@dataclass(frozen=True)
class CareerInfo:
    name: str
    aliases: tuple[str, ...]
    soc: str | None
    weeks: tuple[int, int]


def load_careers(path: Path) -> list[CareerInfo]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    out: list[CareerInfo] = []
    for entry in data.get("careers", []):
        low = int(entry.get("training_weeks_min") or 1)
        high = int(entry.get("training_weeks_max") or low)
        out.append(
            CareerInfo(
                name=str(entry["name"]),
                aliases=tuple(str(a) for a in entry.get("aliases", [])),
                soc=entry.get("soc"),
                weeks=(low, max(low, high)),
            )
        )
    return out


def zipf_weights(n: int, s: float = 1.0) -> list[float]:
    """Cumulative weights of ranks 1..n under Zipf's law with exponent ``s``."""
    return list(accumulate(1.0 / (rank**s) for rank in range(1, n + 1)))


class Picker:
    """Seeded choices the generator makes again and again."""

    def __init__(self, rng: random.Random, careers: list[CareerInfo]) -> None:
        self.rng = rng
        self.careers = careers
        self._career_w = zipf_weights(len(careers), 0.8)
        self.cities = ranked_cities()
        self._city_w = zipf_weights(len(self.cities), 0.7)
        self._providers: dict[tuple[str, str], list[str]] = {}

    def career(self) -> CareerInfo:
        return self.rng.choices(self.careers, cum_weights=self._career_w)[0]

    def city(self) -> tuple[str, str, str]:
        return self.rng.choices(self.cities, cum_weights=self._city_w)[0]

    def alias(self, career: CareerInfo) -> str:
        if career.aliases and self.rng.random() < 0.4:
            return self.rng.choice(career.aliases)
        return career.name

    def provider(self, city: str, state: str) -> str:
        pool = self._providers.get((city, state))
        if pool is None:
            local = random.Random(f"{city}/{state}")  # the same providers in a city, whatever N
            pool = [
                f"{local.choice((city, *PROVIDER_PREFIXES))} {local.choice(PROVIDER_KINDS)}"
                for _ in range(local.randint(3, 9))
            ]
            self._providers[(city, state)] = pool
        return self.rng.choice(pool)
