"""Questions answered on the page and in the API, over the shipped corpus: pay first for a pay
question, the price range (and cheapest first) for a cost question, typical and program lengths
for a length question, renewal courses first (or a plain "none") for a renewal question."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from indexer.taxonomy import load_taxonomy
from search_app import create_app

TAXONOMY = load_taxonomy(Path(__file__).resolve().parent.parent / "corpus" / "careers.toml")


@pytest.fixture(scope="module")
def client(shipped_index: Path) -> Any:
    return create_app({"INDEX_DIR": str(shipped_index), "TESTING": True}).test_client()


def api(client: Any, **params: str) -> dict[str, Any]:
    response = client.get("/api/v1/search", query_string=params)
    assert response.status_code == 200, response.get_data(as_text=True)
    return dict(response.get_json())


def all_programs(client: Any, career: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    page = 1
    while True:
        body = api(client, career=career, kind="program", per_page="50", page=str(page))
        out += body["results"]
        if page * 50 >= body["total"]:
            return out
        page += 1


def test_a_pay_question_answers_with_pay_and_the_salary_guide_first(client):
    body = api(client, q="how much does a medical assistant make")
    assert body["interpreted"]["intent"] == "pay"
    assert body["interpreted"]["text"] == ""
    career = TAXONOMY.get("Medical Assistant")
    assert career is not None
    assert body["intent"]["pay"] == [
        {
            "career": "Medical Assistant",
            "median_pay_usd": career.median_pay_usd,
            "year": career.median_pay_year,
            "source": career.facts_source,
        }
    ]
    assert body["results"][0]["id"] == "articles/medical-assistant-salary-guide"
    page = client.get("/search", query_string={"q": "how much does a medical assistant make"})
    html = page.get_data(as_text=True)
    assert "What it pays" in html and f"${career.median_pay_usd:,} a year" in html
    assert html.index("What it pays") < html.index('aria-label="Career facts"')


def test_question_words_are_never_required_or_highlighted(client):
    body = api(client, q="what does a phlebotomist do")
    assert body["interpreted"]["intent"] == "duties"
    assert body["interpreted"]["careers"] == ["Phlebotomy Technician"]
    first = body["results"][0]
    assert first["kind"] == "article" and "Phlebotomy Technician" in first["careers"]
    for hit in body["results"]:
        marked = {m.lower() for m in re.findall(r"<mark>(.*?)</mark>", hit["snippet"])}
        assert not marked & {"what", "does", "do", "es"}, hit["snippet"]


def test_a_cost_question_shows_the_price_range_and_ranks_programs_first(client):
    body = api(client, q="how much does cna training cost")
    answer = body["intent"]
    assert answer["intent"] == "cost"
    costs = [p["cost_usd"] for p in all_programs(client, "Certified Nursing Assistant")]
    known = [c for c in costs if c is not None]
    assert answer["cost"] == {"low": min(known), "high": max(known), "count": len(known)}
    assert all(h["kind"] == "program" for h in body["results"])
    html = client.get("/search", query_string={"q": "how much does cna training cost"})
    text = html.get_data(as_text=True)
    assert f"${min(known):,} to ${max(known):,}" in text
    assert "sort=cost" in text  # cheapest first, one click away


def test_a_length_question_shows_typical_and_program_lengths(client):
    body = api(client, q="how long is phlebotomy training")
    answer = body["intent"]
    career = TAXONOMY.get("Phlebotomy Technician")
    assert career is not None
    assert answer["typical_training"] == career.training
    weeks = [p["duration_weeks"] for p in all_programs(client, "Phlebotomy Technician")]
    known = [w for w in weeks if w is not None]
    assert answer["weeks"] == {"low": min(known), "high": max(known), "count": len(known)}
    assert body["results"][0]["kind"] == "article"
    html = client.get("/search", query_string={"q": "how long is phlebotomy training"})
    assert "How long it takes" in html.get_data(as_text=True)


def test_renewal_courses_come_first_when_there_are_some(client):
    body = api(client, q="bls renewal")
    assert body["intent"]["renewal_found"] is True
    assert "renewal" in body["results"][0]["title"].lower()
    assert body["intent"]["note"] is None


def test_no_renewal_course_is_said_plainly(client):
    body = api(client, q="cna refresher course")
    assert body["interpreted"]["careers"] == ["Certified Nursing Assistant"]
    assert body["intent"]["renewal_found"] is False
    assert body["total"] > 0  # still the career's results
    note = body["intent"]["note"]
    assert "No refresher or renewal course matches Certified Nursing Assistant" in note
    html = client.get("/search", query_string={"q": "cna refresher course"})
    assert "No refresher or renewal course matches" in html.get_data(as_text=True)


def test_the_question_chip_can_be_undone(client):
    body = api(client, q="phlebotomist salary")
    assert "intent" in [c["kind"] for c in body["chips"]]
    plain = api(client, q="phlebotomist salary", ignore="intent")
    assert plain["intent"] is None and plain["interpreted"]["intent"] is None
    assert "intent" not in [c["kind"] for c in plain["chips"]]
    assert plain["interpreted"]["text"] == ""  # the question's words still are not required
    page = client.get("/search", query_string={"q": "phlebotomist salary"})
    assert "ignore=intent" in page.get_data(as_text=True)


def test_a_plain_query_has_no_answer_box(client):
    body = api(client, q="phlebotomy houston")
    assert body["intent"] is None
    html = client.get("/search", query_string={"q": "phlebotomy houston"}).get_data(as_text=True)
    assert "intent-answer" not in html
