"""Distances in words: the reader's own town is named, never "0 mi"."""

from __future__ import annotations

from search_app import distances


def test_a_card_shows_miles_only_beyond_the_readers_town() -> None:
    assert distances.short(None) is None
    assert distances.short(0.0) is None
    assert distances.short(0.4) is None
    assert distances.short(12.5) == "12.5 mi"


def test_a_reason_names_the_town_or_the_miles() -> None:
    assert distances.phrase(0.0, "Houston, TX", "Houston, TX") == "in Houston, TX"
    assert distances.phrase(18.0, "Newark, NJ", "Elizabeth, NJ") == "18 miles from Newark, NJ"
    assert distances.phrase(None, None, "Austin, TX") == "in Austin, TX"
    assert distances.phrase(None, None, None) == ""
