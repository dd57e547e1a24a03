"""How far a program is, in words: a distance under a mile is the reader's own town, not "0 mi"."""

from __future__ import annotations

SAME_PLACE_MILES = 1.0  # programs are placed at their city's centre: closer means the same town


def short(miles: float | None) -> str | None:
    """``12 mi`` for a card, None when unknown or in the reader's own town."""
    if miles is None or miles < SAME_PLACE_MILES:
        return None
    return f"{miles:g} mi"


def phrase(miles: float | None, place: str | None, location: str | None) -> str:
    """``12 miles from Newark, NJ``, or ``in Newark, NJ`` for the reader's own town."""
    if miles is not None and place is not None and miles >= SAME_PLACE_MILES:
        return f"{miles:g} miles from {place}"
    return f"in {location}" if location else ""
