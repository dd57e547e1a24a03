"""Query understanding: what people type -> careers, a place, format, cost and length limits,
a comparison, and the words left to match.

``pharm tech classes near newark`` becomes the career Pharmacy Technician, programs near
Newark, NJ, and no words left to require: words that became filters are not also required.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import us

from indexer.geo import places_named
from indexer.taxonomy import Taxonomy, fold
from search_app import intents, questions
from search_app.engines.types import Interpretation, PlaceFilter

MAX_CAREERS = 4  # "a vs b vs c vs ..." names at most this many
FILLER = {
    "class",
    "classes",
    "course",
    "courses",
    "program",
    "programs",
    "training",
    "trainings",
    "school",
    "schools",
    "near",
    "me",
    "nearby",
    "in",
    "at",
    "around",
    "vs",
    "versus",
    "or",
    "best",
    "top",
    "local",
    "find",
    "for",
    "the",
    "a",
    "an",
    "of",
    "and",
    "to",
    "cheap",
    "affordable",
    "certificate",
    "certification",
    "certified",
    "cert",
    "program's",
}
ARTICLE_INTENT = {
    "salary",
    "salaries",
    "pay",
    "wage",
    "wages",
    "earn",
    "earnings",
    "income",
    "become",
    "how",
    "what",
    "outlook",
    "duties",
    "job",
    "jobs",
    "career",
    "vs",
    "versus",
    "compare",
    "comparison",
    "difference",
    "explained",
    "guide",
}
PROGRAM_INTENT = {
    "class",
    "classes",
    "course",
    "courses",
    "program",
    "programs",
    "training",
    "school",
    "schools",
    "near",
    "online",
    "cost",
    "tuition",
    "cheap",
    "affordable",
    "enroll",
    "weekend",
    "evening",
}
# Two-letter state codes that are also English words: taken only as "in OK", "Tulsa OK" or "OK".
AMBIGUOUS_CODES = {
    "in",
    "or",
    "me",
    "hi",
    "ok",
    "oh",
    "al",
    "la",
    "pa",
    "de",
    "co",
    "id",
    "ma",
    "mo",
    "ms",
    "mt",
    "ne",
    "nd",
    "wa",
    "va",
    "ga",
    "ct",
    "sc",
    "ar",
    "ak",
}

_COST = re.compile(
    r"(?:under|less than|below|max(?:imum)?|up to|cheaper than|<=?)"
    r"\s*\$?\s*(\d[\d,]*(?:\.\d+)?)\s*(k)?"
    r"(?:\s*(?:dollars|usd|bucks))?|\$\s*(\d[\d,]*)\s*(k)?\s*(?:or less|or under|max)",
    re.IGNORECASE,
)
_LENGTH = re.compile(
    r"(?:under|less than|within|in|max(?:imum)?|up to|<=?)\s*(\d+)\s*(day|week|wk|month|mo)s?\b",
    re.IGNORECASE,
)
_ONLINE = re.compile(r"\b(online|remote|virtual|distance learning|from home)\b", re.IGNORECASE)
_COMPARE = re.compile(r"\b(vs\.?|versus|compared to|compare|or)\b", re.IGNORECASE)
# What people call places, beside their names.
PLACE_ALIASES = {
    "nyc": "new york ny",
    "new york city": "new york ny",
    "philly": "philadelphia pa",
    "vegas": "las vegas nv",
    "nola": "new orleans la",
    "socal": "los angeles ca",
}
_PLACE_CUE = re.compile(r"\b(in|near|around|close to|nearby|outside)\s+$", re.IGNORECASE)


def _amount(number: str, thousands: str | None) -> int:
    value = float(number.replace(",", ""))
    return round(value * 1000 if thousands else value)


def interpret(
    q: str,
    taxonomy: Taxonomy,
    locations: Mapping[str, tuple[float, float] | None],
    ignore: frozenset[str] = frozenset(),
) -> Interpretation:
    """Read ``q``. ``locations`` are the index's location labels and their coordinates;
    ``ignore`` names the parts a person removed (career, place, online, cost, length, and the
    intent of a question: its words still go, but it no longer steers the ranking)."""
    found = Interpretation()
    question = questions.read_question(q)
    found.intent = None if "intent" in ignore else question.intent
    rest = f" {question.text} "
    # "near me" names no place we know; the words go, the wish for programs stays.
    rest, near_me = re.subn(r"(?i)\b(?:near|around|close to) me\b", " ", rest)
    found.program_intent = bool(near_me)
    for alias, name in PLACE_ALIASES.items():
        rest = re.sub(rf"(?i)(?<![a-z]){re.escape(alias)}(?![a-z])", name, rest)
    if "length" not in ignore and (match := _LENGTH.search(rest)):
        amount, unit = int(match.group(1)), match.group(2).lower()
        weeks = {"day": amount / 5, "week": amount, "wk": amount}.get(unit, amount * 52 / 12)
        found.max_weeks = max(1, round(weeks))
        rest = rest[: match.start()] + " " + rest[match.end() :]
    if "cost" not in ignore and (match := _COST.search(rest)):
        number, k = (match.group(1), match.group(2)) if match.group(1) else match.group(3, 4)
        found.max_cost = _amount(number, k)
        rest = rest[: match.start()] + " " + rest[match.end() :]
    if _ONLINE.search(rest):
        found.program_intent = True
        if "online" not in ignore:
            found.online = True
            rest = _ONLINE.sub(" ", rest)
    if _COMPARE.search(rest) and re.search(r"\b(vs\.?|versus|compare)", rest, re.IGNORECASE):
        found.comparison = True
    if "place" not in ignore:
        rest = _find_place(found, rest, locations)
    words = fold(rest).split()
    found.article_intent = found.comparison or any(w in ARTICLE_INTENT for w in words)
    found.program_intent = found.program_intent or any(w in PROGRAM_INTENT for w in words)
    if found.intent in intents.ARTICLE_INTENTS:
        found.article_intent, found.program_intent = True, False
    elif found.intent in intents.PROGRAM_INTENTS:
        found.article_intent, found.program_intent = False, True
    folded = " ".join(words)
    if "career" not in ignore:
        for career, start, end in taxonomy.find_spans(folded):
            if career.name not in found.careers and len(found.careers) < MAX_CAREERS:
                found.careers.append(career.name)
                found.career_words[career.name] = folded[start:end]
            folded = folded[:start] + " " * (end - start) + folded[end:]
    found.text = " ".join(
        w for w in folded.split() if w not in FILLER and w not in questions.QUESTION_WORDS
    )
    if found.intent == intents.COMPARE and len(found.careers) >= 2:
        found.comparison = True
    if found.intent is not None:
        found.intent_words = intents.TITLE_WORDS[found.intent]
    if found.place is not None and found.intent in intents.ARTICLE_INTENTS:
        found.place.any_article = True
    return found


def _find_place(
    found: Interpretation, rest: str, locations: Mapping[str, tuple[float, float] | None]
) -> str:
    """Take the longest run of words naming a place: ``newark nj``, ``new jersey``, ``houston``."""
    tokens = [(m.group(0), m.start(), m.end()) for m in re.finditer(r"[A-Za-z][A-Za-z.'-]*", rest)]
    by_city: dict[str, list[str]] = {}
    for label in locations:
        if ", " in label:
            by_city.setdefault(fold(label.rsplit(", ", 1)[0]), []).append(label)
    for size in (5, 4, 3, 2, 1):
        for i in range(len(tokens) - size + 1):
            span = tokens[i : i + size]
            phrase = fold(" ".join(t[0] for t in span))
            cued = bool(_PLACE_CUE.search(rest[: span[0][1]]))
            place = _resolve(phrase, span, cued, by_city, locations)
            if place is not None:
                found.place = place
                found.program_intent = True
                start, end = span[0][1], span[-1][2]
                cue = _PLACE_CUE.search(rest[:start])
                if cue:
                    start = cue.start()
                return rest[:start] + " " + rest[end:]
    return rest


def _state(text: str, original: str, cued: bool) -> str | None:
    if len(text) == 2:
        if text in AMBIGUOUS_CODES and not (cued or original.isupper()):
            return None
        found = us.states.lookup(text.upper())
    else:
        found = us.states.lookup(text) if len(text) > 3 else None
    return str(found.abbr) if found is not None else None


def _resolve(
    phrase: str,
    span: list[tuple[str, int, int]],
    cued: bool,
    by_city: dict[str, list[str]],
    locations: Mapping[str, tuple[float, float] | None],
) -> PlaceFilter | None:
    words = phrase.split()
    original = " ".join(t[0] for t in span)
    # "newark nj", "pasadena texas": a city then its state.
    for cut in (1, 2):
        if len(words) > cut:
            city, state_text = " ".join(words[:-cut]), " ".join(words[-cut:])
            state = _state(state_text, " ".join(t[0] for t in span[-cut:]), True)
            if state:
                place = _city_place(city, state, by_city, locations)
                if place is not None:
                    return place
    state = _state(phrase, original, cued)
    if state:
        return PlaceFilter(label=state, state_only=True, words=(original,))
    return _city_place(phrase, None, by_city, locations, cued=cued)


def _city_place(
    city: str,
    state: str | None,
    by_city: dict[str, list[str]],
    locations: Mapping[str, tuple[float, float] | None],
    *,
    cued: bool = True,
) -> PlaceFilter | None:
    labels = [lab for lab in by_city.get(city, []) if state is None or lab.endswith(f", {state}")]
    if labels:
        # A city the index has programs in; an ambiguous name goes to the most programs' place.
        label = labels[0]
        coords = locations.get(label)
        if coords is None:
            return PlaceFilter(label=label, words=(city,))
        return PlaceFilter(label=label, lat=coords[0], lon=coords[1], words=(city,))
    if not cued and state is None:
        return None  # a bare word that is only somewhere's name elsewhere: not a place
    places = [p for p in places_named(city) if state is None or p.state == state]
    if not places or (state is None and len(city) < 4):
        return None
    best = places[0]
    return PlaceFilter(label=best.label, lat=best.lat, lon=best.lon, words=(city,))
