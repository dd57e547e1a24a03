"""Sound-alike and first-letter typos land on what was meant, with a chip that undoes it; the
near-spelling relaxation is a few dictionary probes, whatever the query."""

from __future__ import annotations

import random
import string
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from search_app import create_app
from search_app.engines.common.spelling import (
    MAX_NEAR_TERMS,
    MAX_NEAR_WORDS,
    Speller,
    near_spellings,
    sound_key,
)

# What people type -> the careers they meant (each names one career of the shipped taxonomy).
TYPOS = [
    ("flebotomy", "Phlebotomy Technician"),
    ("flebotomist", "Phlebotomy Technician"),
    ("farmacy technician", "Pharmacy Technician"),
    ("kna classes", "Certified Nursing Assistant"),
    ("sirtified medical assistant", "Medical Assistant"),
    ("ekg tecnishan", "EKG Technician"),
    ("masage therapy", "Massage Therapist"),
    ("elektrician apprenticeship", "Electrician"),
    ("kosmetology school", "Cosmetologist"),
    ("paramedik training", "Paramedic"),
    ("vetrinary asistant", "Veterinary Assistant"),
    ("sertified nursing asistant", "Certified Nursing Assistant"),
    ("welidng school", "Welder"),
    ("dentle assistant", "Dental Assistant"),
]


@pytest.fixture(scope="module")
def client(shipped_index: Path) -> Any:
    return create_app({"INDEX_DIR": str(shipped_index), "TESTING": True}).test_client()


def api(client: Any, **params: str) -> dict[str, Any]:
    response = client.get("/api/v1/search", query_string=params)
    assert response.status_code == 200, response.get_data(as_text=True)
    return dict(response.get_json())


@pytest.mark.parametrize(("q", "career"), TYPOS)
def test_a_typo_lands_on_the_career_meant_with_an_undo(client, q, career):
    body = api(client, q=q)
    assert body["interpreted"]["careers"] == [career], body["interpreted"]
    assert body["results"] and career in body["results"][0]["careers"]
    spelling = [c for c in body["chips"] if c["kind"] == "spelling"]
    assert spelling and spelling[0]["label"].startswith("Showing results for")
    assert spelling[0]["undo_label"] == f"Search instead for “{q}”"
    undone = api(client, q=q, ignore="spelling")
    assert not [c for c in undone["chips"] if c["kind"] == "spelling"]


def test_flebotomy_puts_phlebotomy_programs_first(client):
    body = api(client, q="flebotomy")
    assert body["relaxed"] == ["showing results for “phlebotomy”"]
    first = body["results"][0]
    assert first["kind"] == "program" and first["careers"] == ["Phlebotomy Technician"]
    page = client.get("/search", query_string={"q": "flebotomy"}).get_data(as_text=True)
    assert "Showing results for “phlebotomy”" in page and "ignore=spelling" in page


def test_candidates_by_sound_and_first_letter_ranked_by_edits_then_use():
    speller = Speller(Counter({"phlebotomy": 50, "pharmacy": 80, "certified": 40, "cna": 90}))
    assert speller.candidates("flebotomy") == ["phlebotomy"]  # f/ph: same sound key
    assert sound_key("flebotomy") == sound_key("phlebotomy")
    assert speller.candidates("farmacy") == ["pharmacy"]
    assert speller.candidates("sirtified") == ["certified"]  # s/c, a first-letter edit
    assert speller.candidates("kna") == ["cna"]
    assert speller.candidates("pharmacy") == []  # known words are not corrected
    assert speller.candidates("zzzzqqqq") == []
    near = Speller(Counter({"massage": 5, "message": 50}))
    assert near.candidates("masage") == ["massage", "message"]  # one edit before two


def test_near_spellings_are_bounded_whatever_the_query():
    rng = random.Random(3)
    words = Counter(
        {"".join(rng.choice(string.ascii_lowercase) for _ in range(8)): 1 for _ in range(5_000)}
    )
    words.update({"phlebotomy": 9, "houston": 9, "pharmacy": 9, "technician": 9})
    speller = Speller(words)
    hostile = " ".join(
        "".join(rng.choice(string.ascii_lowercase) for _ in range(20)) for _ in range(12)
    )
    assert near_spellings(speller, hostile, float("inf")) == ()
    typed = "flebotomy houstn farmacy technicain pharmasy"
    found = near_spellings(speller, typed, float("inf"))
    assert len(found) <= MAX_NEAR_WORDS
    assert all(0 < len(terms) <= MAX_NEAR_TERMS for _, terms in found)
    assert "phlebotomi" in dict(found)["flebotomi"]
    assert near_spellings(speller, typed, 0.0) == ()  # past the budget: nothing more


def test_a_hostile_query_finds_nothing_and_skips_the_near_spelling_step(client):
    rng = random.Random(5)
    q = " ".join("".join(rng.choice(string.ascii_lowercase) for _ in range(20)) for _ in range(12))
    body = api(client, q=q)
    assert body["total"] == 0
    assert "allowed near spellings of the words" not in body["relaxed"]
