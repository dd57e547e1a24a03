"""Normalisation: careers to canonical names, places to City, ST, money to dollars, time to weeks."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.models import RawDocument
from indexer.normalize import normalize, parse_cost, parse_hours, parse_weeks
from indexer.taxonomy import load_taxonomy

TAXONOMY = load_taxonomy(Path(__file__).resolve().parent.parent / "corpus" / "careers.toml")


def raw(**values) -> RawDocument:
    base = RawDocument(doc_id="programs/x", source="/x.html", kind="program", title="Program")
    for key, value in values.items():
        setattr(base, key, value)
    return base


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Phlebotomy Technician", "Phlebotomy Technician"),
        ("phlebotomist", "Phlebotomy Technician"),
        ("CNA", "Certified Nursing Assistant"),
        ("pharm tech", "Pharmacy Technician"),
        ("EMT-B", "Emergency Medical Technician"),
        ("29-2052", "Pharmacy Technician"),
        ("29-2052.00", "Pharmacy Technician"),
    ],
)
def test_career_names_aliases_and_soc_codes_resolve(value: str, expected: str):
    doc, _ = normalize(raw(careers=[value]), TAXONOMY)
    assert doc.careers == [expected]


def test_comparison_article_keeps_every_career():
    doc, _ = normalize(
        raw(kind="article", careers=["Pharmacy Technician", "PALS Provider"]), TAXONOMY
    )
    assert doc.careers == ["Pharmacy Technician", "PALS Provider"]


def test_career_found_in_the_title_when_the_page_does_not_say():
    doc, _ = normalize(raw(title="CERTIFIED NURSE AIDE"), TAXONOMY)
    assert doc.careers == ["Certified Nursing Assistant"]
    assert doc.title == "Certified Nurse Aide"


def test_place_normalised_to_city_and_state_code():
    doc, _ = normalize(raw(city="HOUSTON", state="Texas"), TAXONOMY)
    assert (doc.city, doc.state, doc.location, doc.format) == (
        "Houston",
        "TX",
        "Houston, TX",
        "in-person",
    )


def test_street_and_city_run_together_are_split_by_zip_code():
    doc, _ = normalize(
        raw(city="613 Hope Road Victoria Commons Eatontown", state="NJ", postal_code="07724"),
        TAXONOMY,
    )
    assert doc.city == "Eatontown"
    assert doc.street == "613 Hope Road Victoria Commons"


def test_online_program_location_and_format():
    doc, _ = normalize(raw(online=True), TAXONOMY)
    assert (doc.location, doc.format, doc.online) == ("Online", "online", True)


def test_unknown_state_is_dropped_with_a_warning():
    doc, warnings = normalize(raw(city="Springfield", state="Narnia"), TAXONOMY)
    assert doc.location is None
    assert warnings == ["unknown state 'Narnia'"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [(950, 950), ("1,250.00", 1250), ("$1,575.00", 1575), (99.5, 100), ("free", None), ("", None)],
)
def test_cost_in_whole_dollars(value, expected):
    assert parse_cost(value, []) == expected


def test_absurd_costs_and_lengths_are_dropped_and_reported():
    warnings: list[str] = []
    assert parse_cost(-40, warnings) is None
    assert parse_cost(41_984_198, warnings) is None
    assert parse_weeks("10000 weeks", warnings) is None
    assert len(warnings) == 3


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("P6W", 6),
        ("P3M", 13),
        ("P1Y", 52),
        ("6 weeks", 6),
        ("4-11 weeks", 8),
        ("12 to 18 months", 65),
        ("13 months to 2 years", 80),
        ("Less than 1 day", 1),
        ("soon", None),
    ],
)
def test_length_in_weeks(value: str, expected: int | None):
    assert parse_weeks(value, []) == expected


@pytest.mark.parametrize(
    ("value", "expected"), [("PT120H", 120), ("90", 90), (40.0, 40), ("n/a", None)]
)
def test_hours(value, expected):
    assert parse_hours(value, []) == expected
