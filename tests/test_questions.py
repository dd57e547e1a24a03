"""Questions are read as intents: the frame goes, the career and place stay, and no fragment of a
question word ("es" of "does") is ever left to require or highlight."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from indexer.taxonomy import load_taxonomy
from search_app import intents, questions
from search_app.understand import interpret

TAXONOMY = load_taxonomy(Path(__file__).resolve().parent.parent / "corpus" / "careers.toml")
LOCATIONS = {"Newark, NJ": (40.7357, -74.1724), "Houston, TX": (29.7633, -95.3633)}

# (query, intent, careers, place label or None): at least one per frame, as people type them.
EXAMPLES = [
    (
        "what is the difference between emt and paramedic",
        "compare",
        ["Emergency Medical Technician", "Paramedic"],
        None,
    ),
    (
        "difference between cna and hha",
        "compare",
        ["Certified Nursing Assistant", "Home Health Aide"],
        None,
    ),
    (
        "which is better lpn or medical assistant",
        "compare",
        ["Licensed Practical Nurse", "Medical Assistant"],
        None,
    ),
    ("should i become an electrician or a plumber", "compare", ["Electrician", "Plumber"], None),
    ("how much does a medical assistant make", "pay", ["Medical Assistant"], None),
    ("how much do pharmacy techs make an hour", "pay", ["Pharmacy Technician"], None),
    (
        "how much does a cna make a year in houston",
        "pay",
        ["Certified Nursing Assistant"],
        "Houston, TX",
    ),
    ("How much do welders get paid?", "pay", ["Welder"], None),
    ("what is the average salary of a phlebotomist", "pay", ["Phlebotomy Technician"], None),
    ("what's the pay for an emt", "pay", ["Emergency Medical Technician"], None),
    ("phlebotomist salary", "pay", ["Phlebotomy Technician"], None),
    ("cna pay per hour", "pay", ["Certified Nursing Assistant"], None),
    ("hvac technician starting salary in houston", "pay", ["HVAC Technician"], "Houston, TX"),
    ("how much does phlebotomy school cost", "cost", ["Phlebotomy Technician"], None),
    ("how much is cna training near newark", "cost", ["Certified Nursing Assistant"], "Newark, NJ"),
    ("cost of cdl school", "cost", ["Commercial Truck Driver"], None),
    ("what is the tuition for dental assistant school", "cost", ["Dental Assistant"], None),
    ("medical assistant program tuition", "cost", ["Medical Assistant"], None),
    ("ekg tech price", "cost", ["EKG Technician"], None),
    ("what does a phlebotomist do", "duties", ["Phlebotomy Technician"], None),
    ("What do pharmacy technicians do all day?", "duties", ["Pharmacy Technician"], None),
    ("what is acls", "duties", ["ACLS Provider"], None),
    ("whats a sterile processing tech", "duties", ["Sterile Processing Technician"], None),
    ("medical coder job duties", "duties", ["Medical Billing and Coding"], None),
    ("how long is phlebotomy training", "length", ["Phlebotomy Technician"], None),
    ("how long does it take to become a cna", "length", ["Certified Nursing Assistant"], None),
    (
        "how long are emt classes in houston",
        "length",
        ["Emergency Medical Technician"],
        "Houston, TX",
    ),
    ("surgical tech program length", "length", ["Surgical Technologist"], None),
    ("how many weeks is phlebotomy training", "length", ["Phlebotomy Technician"], None),
    (
        "how many hours does it take to become a cna",
        "length",
        ["Certified Nursing Assistant"],
        None,
    ),
    ("how much does it cost to become a cna", "cost", ["Certified Nursing Assistant"], None),
    ("renew cna license in houston", "renewal", ["Certified Nursing Assistant"], "Houston, TX"),
    ("how to get cna license in texas", "become", ["Certified Nursing Assistant"], "TX"),
    ("how to become a phlebotomist in texas", "become", ["Phlebotomy Technician"], "TX"),
    ("how do i become a pharmacy technician", "become", ["Pharmacy Technician"], None),
    ("how to get a cdl", "become", ["Commercial Truck Driver"], None),
    ("steps to become an electrician", "become", ["Electrician"], None),
    ("becoming a massage therapist", "become", ["Massage Therapist"], None),
    ("how to renew bls card", "renewal", ["BLS / CPR"], None),
    ("renew my acls", "renewal", ["ACLS Provider"], None),
    ("cna license renewal", "renewal", ["Certified Nursing Assistant"], None),
    ("acls recertification online", "renewal", ["ACLS Provider"], None),
    ("pals refresher course", "renewal", ["PALS Provider"], None),
    ("is phlebotomy worth it", "pay", ["Phlebotomy Technician"], None),
    ("is a medical assistant a good career", "pay", ["Medical Assistant"], None),
    ("emt vs paramedic", "compare", ["Emergency Medical Technician", "Paramedic"], None),
]
# What may never be left to require: a question word, or a piece of one.
FRAGMENTS = {"es", "oes", "doe", "ho", "ow", "wha", "hat", "mak", "ake", "ch", "uch", "s"}


def read(q: str):
    return interpret(q, TAXONOMY, LOCATIONS)


@pytest.mark.parametrize(("q", "intent", "careers", "place"), EXAMPLES)
def test_a_question_becomes_an_intent_its_careers_and_place(q, intent, careers, place):
    found = read(q)
    assert found.intent == intent
    assert found.careers == careers
    assert (found.place.label if found.place else None) == place
    if intent == "compare":
        assert found.comparison
    assert intent in intents.INTENTS


@pytest.mark.parametrize(("q", "intent", "careers", "place"), EXAMPLES)
def test_no_question_word_or_fragment_survives(q, intent, careers, place):
    found = read(q)
    left = found.text.split()
    typed = set(re.findall(r"[a-z0-9]+", q.lower()))
    assert all(word in typed for word in left), (q, found.text)  # whole typed words only
    assert not set(left) & questions.QUESTION_WORDS, (q, found.text)
    assert not set(left) & FRAGMENTS, (q, found.text)
    assert found.text == "", (q, found.text)  # every example names only careers and places


def test_every_frame_has_an_example():
    covered = {questions.frame_of(q) for q, *_ in EXAMPLES}
    assert covered >= set(range(questions.FRAME_COUNT)), sorted(
        set(range(questions.FRAME_COUNT)) - covered
    )


def test_the_words_that_matter_stay_after_a_question():
    found = read("how much does a medical assistant make in houston without experience")
    assert found.intent == "pay" and found.careers == ["Medical Assistant"]
    assert found.text == "without experience"


def test_filters_in_a_question_still_filter():
    found = read("how long is cna training online under $1500")
    assert (found.intent, found.online, found.max_cost) == ("length", True, 1500)
    assert found.text == ""
    assert read("cdl in 3 months").max_weeks == 13  # "month" is read before question words go


def test_plain_words_are_not_questions():
    for q in ("medical assistant", "cna classes near newark", "welding school houston"):
        assert read(q).intent is None
    assert read("cna classes near newark").text == ""


def test_capitals_survive_a_question():
    found = read("how much does a cna make in OK")
    assert found.place is not None and found.place.label == "OK"
