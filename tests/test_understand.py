"""Query understanding: careers, places, format, cost, length and comparisons from typed words."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.taxonomy import load_taxonomy
from search_app.understand import interpret

TAXONOMY = load_taxonomy(Path(__file__).resolve().parent.parent / "corpus" / "careers.toml")
LOCATIONS = {
    "Newark, NJ": (40.7357, -74.1724),
    "Eatontown, NJ": (40.2962, -74.0510),
    "Houston, TX": (29.7633, -95.3633),
    "Pasadena, TX": (29.6911, -95.2091),
    "Pasadena, CA": (34.1478, -118.1445),
    "Online": None,
}


def read(q: str, **kw):
    return interpret(q, TAXONOMY, LOCATIONS, **kw)


def test_career_alias_and_place_become_filters_not_required_words():
    found = read("pharm tech classes near newark")
    assert found.careers == ["Pharmacy Technician"]
    assert found.place is not None and found.place.label == "Newark, NJ"
    assert found.place.radius_miles == 25
    assert found.text == ""
    assert found.program_intent


def test_online_and_career_abbreviation():
    found = read("cna online")
    assert (found.careers, found.online, found.text) == (["Certified Nursing Assistant"], True, "")


def test_state_code_and_cost_limit():
    found = read("phlebotomy certification nj under $1500")
    assert found.careers == ["Phlebotomy Technician"]
    assert found.place is not None and (found.place.label, found.place.state_only) == ("NJ", True)
    assert found.max_cost == 1500
    assert found.text == ""


@pytest.mark.parametrize(
    ("q", "weeks", "cost"),
    [
        ("welding under 8 weeks", 8, None),
        ("cdl in 3 months", 13, None),
        ("cna under 2k", None, 2000),
    ],
)
def test_length_and_cost(q, weeks, cost):
    found = read(q)
    assert (found.max_weeks, found.max_cost) == (weeks, cost)


def test_comparison_names_both_careers():
    found = read("pals vs pharmacy technician")
    assert found.comparison
    assert found.careers == ["PALS Provider", "Pharmacy Technician"]
    assert found.article_intent


def test_salary_is_a_pay_intent_not_a_word_to_require():
    found = read("phlebotomist salary")
    assert found.careers == ["Phlebotomy Technician"]
    assert (found.text, found.intent) == ("", "pay")
    assert found.article_intent and not found.program_intent


def test_hyphenated_abbreviation():
    assert read("emt-b").careers == ["Emergency Medical Technician"]


def test_city_with_state_picks_the_right_one():
    assert read("pasadena tx phlebotomy").place.label == "Pasadena, TX"
    assert read("phlebotomy pasadena california").place.label == "Pasadena, CA"


def test_a_place_not_in_the_index_comes_from_the_gazetteer_when_cued():
    found = read("medical assistant near yonkers")
    assert found.place is not None and found.place.label == "Yonkers, NY"
    assert found.place.lat is not None
    # Without "in"/"near", a word is not taken for a town the index has no programs in.
    assert read("orange").place is None


def test_ambiguous_state_codes_need_a_cue():
    assert read("cpr classes ok").place is None
    assert read("cpr classes in ok").place.label == "OK"
    assert read("cpr classes OK").place.label == "OK"


def test_state_names():
    found = read("how to become a cna in new jersey")
    assert found.place.label == "NJ"
    assert found.careers == ["Certified Nursing Assistant"]


def test_ignored_parts_stay_words():
    found = read("pharm tech near newark", ignore=frozenset({"place", "career"}))
    assert found.place is None and found.careers == []
    assert "newark" in found.text and "pharm" in found.text


def test_plurals_place_nicknames_and_salary_questions():
    assert read("phlebotomists").careers == ["Phlebotomy Technician"]
    salary = read("how much do pharmacy techs make")
    assert (salary.careers, salary.text, salary.intent, salary.article_intent) == (
        ["Pharmacy Technician"],
        "",
        "pay",
        True,
    )
    nyc = interpret("emt classes nyc", TAXONOMY, {"New York, NY": (40.71, -74.01)})
    assert nyc.place is not None and nyc.place.label == "New York, NY"


def test_near_me_is_not_maine():
    found = read("cnas near me")
    assert found.place is None and found.careers == ["Certified Nursing Assistant"]
    assert found.program_intent
