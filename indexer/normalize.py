"""RawDocument -> Document: canonical careers, ``City, ST`` places, whole dollars, weeks."""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from typing import Any

import us

from indexer.geo import locate, zip_entries
from indexer.models import Document, Format, Kind, RawDocument
from indexer.taxonomy import Taxonomy, fold
from indexer.urls import UrlError, check_web_url

MAX_COST_USD = 250_000
MAX_WEEKS = 520  # ten years: anything longer is a data error
MAX_HOURS = 20_000
WEEKS_PER_MONTH = 52 / 12
MAX_LENGTH_TEXT = 200

_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_ISO_DURATION = re.compile(
    r"^P(?:(?P<y>\d+(?:\.\d+)?)Y)?(?:(?P<mo>\d+(?:\.\d+)?)M)?(?:(?P<w>\d+(?:\.\d+)?)W)?"
    r"(?:(?P<d>\d+(?:\.\d+)?)D)?(?:T(?:(?P<h>\d+(?:\.\d+)?)H)?(?:(?P<mi>\d+(?:\.\d+)?)M)?)?$",
    re.IGNORECASE,
)
_UNIT_WEEKS = {
    "day": 1 / 5,
    "week": 1.0,
    "wk": 1.0,
    "month": WEEKS_PER_MONTH,
    "year": 52.0,
    "yr": 52.0,
}
_SPAN = re.compile(
    r"(?P<a>\d+(?:\.\d+)?)\s*(?:(?P<ua>day|week|wk|month|year|yr)s?)?"
    r"(?:\s*(?:-|–|to)\s*(?P<b>\d+(?:\.\d+)?))?\s*(?P<unit>day|week|wk|month|year|yr)s?",
    re.IGNORECASE,
)
_ACRONYM = re.compile(r"^[A-Z]{2,5}$")


class NormalizeError(ValueError):
    """The document lacks something it cannot be indexed without."""


def normalize(raw: RawDocument, taxonomy: Taxonomy) -> tuple[Document, list[str]]:
    """A Document from what a page or row said, and the warnings about values that were dropped."""
    warnings = list(raw.warnings)
    title = _clean_title(raw.title, taxonomy)
    if not title:
        raise NormalizeError("no title")
    kind = _kind(raw)
    state = normalize_state(raw.state) if raw.state else None
    if raw.state and state is None:
        warnings.append(f"unknown state {raw.state!r}")
    street = raw.street
    city = None
    if state:
        city, street = resolve_city(raw.city, street, state, raw.postal_code)
    fmt = normalize_format(raw.mode, raw.online, has_place=bool(city))
    online = fmt == "online" or (raw.online is True and not city)
    cost = parse_cost(raw.cost, warnings)
    weeks = parse_weeks(raw.duration, warnings)
    hours = parse_hours(raw.hours, warnings)
    careers = _careers(raw, taxonomy, kind)
    coords = locate(city, state, raw.postal_code) if city and state else None
    try:
        url = check_web_url(raw.url)
    except UrlError as exc:
        url = None
        warnings.append(f"{exc}: dropped, the document links to its own page instead")
    doc = Document(
        id=raw.doc_id,
        kind=kind,
        title=title,
        source=raw.source,
        url=url,
        summary=raw.summary.strip(),
        body=raw.body.strip(),
        careers=careers,
        provider=(raw.provider or "").strip() or None,
        street=street if city else None,
        city=city,
        state=state,
        postal_code=raw.postal_code if city else None,
        online=online,
        format=fmt if kind == "program" else None,
        cost_usd=cost,
        duration_weeks=weeks,
        hours=hours,
        credential=(raw.credential or "").strip() or None,
        published=normalize_date(raw.published),
        lat=coords[0] if coords else None,
        lon=coords[1] if coords else None,
    )
    return doc, warnings


def _kind(raw: RawDocument) -> Kind:
    if raw.kind in ("article", "program"):
        return "program" if raw.kind == "program" else "article"
    looks_like_program = raw.provider or raw.cost is not None or raw.duration or raw.city
    return "program" if looks_like_program else "article"


def _careers(raw: RawDocument, taxonomy: Taxonomy, kind: Kind) -> list[str]:
    names: list[str] = []
    for value in raw.careers:
        career = taxonomy.resolve(value)
        if career is not None and career.name not in names:
            names.append(career.name)
    if not names:
        names = [c.name for c in taxonomy.find_in_text(raw.title)]
    if not names and kind == "program":
        names = [c.name for c in taxonomy.find_in_text(raw.summary)[:1]]
    return names


def _clean_title(title: str, taxonomy: Taxonomy) -> str:
    title = re.sub(r"\s+", " ", title).strip()
    if title.isupper() and len(title) > 5:
        acronyms = {a for c in taxonomy.careers for a in c.aliases if _ACRONYM.match(a)}
        words = [w if w in acronyms else w.capitalize() for w in title.split(" ")]
        title = " ".join(words)
    return title[:300]


def normalize_state(value: str) -> str | None:
    """A two-letter state code from a code or a name (``Texas``, ``tx``, ``N.J.``)."""
    text = value.strip().replace(".", "")
    if not text:
        return None
    found = us.states.lookup(text)
    if found is None and len(text) == 2:
        found = us.states.lookup(text.upper())
    return str(found.abbr) if found is not None else None


def resolve_city(
    city: str | None, street: str | None, state: str, postal_code: str | None
) -> tuple[str | None, str | None]:
    """City and street, using the ZIP code's place names to split "613 Hope Road Eatontown"."""
    names = _zip_cities(postal_code, state)
    if city:
        folded = fold(city)
        for name in names:
            if folded == fold(name) or folded.endswith(" " + fold(name)):
                head = city[: len(city) - len(name)].strip(" ,")
                return name, street or head or None
        if names and len(city.split()) > 3:
            return names[0], street or city
        return normalize_city(city), street
    return (names[0] if names else None), street


def _zip_cities(postal_code: str | None, state: str) -> list[str]:
    code = (postal_code or "").strip()[:5]
    names: list[str] = []
    for entry in zip_entries(code):
        if entry.get("state") == state:
            names.append(str(entry["city"]))
            acceptable: Any = entry.get("acceptable_cities") or []
            names.extend(str(c) for c in acceptable if isinstance(acceptable, list))
    return names


def normalize_city(value: str) -> str:
    city = re.sub(r"\s+", " ", value).strip(" ,")
    if city.isupper() or city.islower():
        city = " ".join(w.capitalize() for w in city.split(" "))
    return city


def normalize_format(mode: str | None, online: bool | None, *, has_place: bool) -> Format | None:
    text = (mode or "").lower()
    if any(w in text for w in ("blend", "hybrid", "mixed")):
        return "hybrid"
    if any(w in text for w in ("online", "distance", "virtual", "remote")):
        return "online"
    if any(w in text for w in ("onsite", "on-site", "person", "classroom", "campus")):
        return "in-person"
    if online:
        return "online"
    return "in-person" if has_place else None


def _number(value: str | float | int) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, int):
        try:
            return float(value)
        except OverflowError:  # an int with hundreds of digits, from a JSON feed
            return math.inf if value > 0 else -math.inf
    match = _NUMBER.search(value)
    return float(match.group(0).replace(",", "")) if match else None


def _shown(value: object) -> str:
    """A value for a warning: its repr, cut short."""
    text = repr(value) if not isinstance(value, int) or abs(value) < 10**30 else "a huge number"
    return text if len(text) <= 60 else text[:57] + "..."


def parse_cost(value: str | float | int | None, warnings: list[str]) -> int | None:
    """Whole US dollars from ``950``, ``"1,250.00"`` or ``"$1,575.00"``; absurd values dropped."""
    if value is None or value == "":
        return None
    amount = _number(value)
    if amount is None:
        return None
    if amount < 0 or amount > MAX_COST_USD:
        warnings.append(f"cost {_shown(value)} dropped: outside 0-{MAX_COST_USD:,} USD")
        return None
    return round(amount)


def parse_hours(value: str | float | int | None, warnings: list[str]) -> int | None:
    """Clock hours from ``90``, ``"120 clock hours"`` or ``"PT120H"``."""
    if value is None or value == "":
        return None
    if isinstance(value, str) and (iso := _ISO_DURATION.match(value.strip())):
        amount: float | None = float(iso.group("h") or 0) + float(iso.group("mi") or 0) / 60
    else:
        amount = _number(value)
    if amount is None or amount <= 0:
        return None
    if amount > MAX_HOURS:
        warnings.append(f"hours {_shown(value)} dropped: over {MAX_HOURS:,}")
        return None
    return max(1, round(amount))


def parse_weeks(value: str | None, warnings: list[str]) -> int | None:
    """Length in weeks from ISO 8601 (``P6W``, ``P3M``) or text (``6 weeks``, ``4-11 weeks``).

    A range counts as its midpoint; anything under a week counts as one week.
    """
    if not value:
        return None
    # Only the start is read: a length is a few words, and the patterns below must not be handed
    # a hostile 100 KB run of digits (their cost grows with the square of the length).
    text = _THOUSANDS.sub("", value.strip()[:MAX_LENGTH_TEXT])  # "10,000 weeks"
    weeks: float | None = None
    iso = _ISO_DURATION.match(text)
    if iso and any(iso.groupdict().values()):
        parts = {k: float(v) for k, v in iso.groupdict().items() if v}
        weeks = (
            parts.get("y", 0) * 52
            + parts.get("mo", 0) * WEEKS_PER_MONTH
            + parts.get("w", 0)
            + parts.get("d", 0) / 5
            + (parts.get("h", 0) + parts.get("mi", 0) / 60) / 40
        )
    else:
        spans = list(_SPAN.finditer(text))
        if spans:
            ends = []
            for span in spans[:2]:
                unit = _UNIT_WEEKS[span.group("unit").lower()]
                first_unit = _UNIT_WEEKS[(span.group("ua") or span.group("unit")).lower()]
                ends.append(float(span.group("a")) * first_unit)
                if span.group("b"):
                    ends.append(float(span.group("b")) * unit)
            weeks = (min(ends) + max(ends)) / 2
        elif re.search(r"(?i)less than (1|one|a) (day|week)|\b(1|one) day\b", text):
            weeks = 1
    if weeks is None or weeks <= 0:
        return None
    if weeks > MAX_WEEKS:
        warnings.append(f"length {_shown(value)} dropped: over {MAX_WEEKS} weeks")
        return None
    return max(1, round(weeks))


def normalize_date(value: str | None) -> str | None:
    """An ISO date (``2026-03-14``) from an ISO date or datetime; anything else is dropped."""
    if not value:
        return None
    text = value.strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    try:
        return date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        return None
