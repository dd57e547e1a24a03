"""Match me to a program: /api/v1/match and the /match page over the shipped corpus. Reasons
must agree with each program's facts, and the budget and length the person set must hold."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from search_app import create_app


@pytest.fixture(scope="module")
def api(shipped_index: Path) -> FlaskClient:
    app = create_app({"INDEX_DIR": str(shipped_index), "TESTING": True, "RATE_LIMIT": "off"})
    return app.test_client()


def get(api: FlaskClient, query: str, status: int = 200) -> Any:
    response = api.get("/api/v1/match?" + query)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    return response.get_json()


def assert_reason_agrees(
    program: dict[str, Any], place: str | None, budget: int | None, weeks: int | None
) -> None:
    reason = program["reason"]
    assert reason == " · ".join(program["reasons"])
    assert program["careers"][0] in reason or set(program["careers"]) & set(program["reasons"][:2])
    if program["location"] == "Online":
        assert "online" in program["reasons"]
    elif place is not None:
        miles = program["distance_miles"]
        where = f"{miles:g} miles from {place}" if miles >= 1 else f"in {program['location']}"
        assert where in program["reasons"]
    cost = program["cost_usd"]
    if cost is None:
        assert "cost not listed" in program["reasons"]
    elif budget is not None:
        assert f"${cost:,}, under your ${budget:,} budget" in program["reasons"]
    else:
        assert f"${cost:,}" in program["reasons"]
    length = program["duration_weeks"]
    if length is None:
        assert "length not listed" in program["reasons"]
    else:
        unit = "1 week" if length == 1 else f"{length} weeks"
        assert any(r.startswith(unit) for r in program["reasons"]), reason
        if weeks is not None:
            assert f"{unit}, within your {weeks}" in program["reasons"]


def test_interest_place_budget_and_length(api):
    body = get(api, "q=phlebotomy&near=Newark,+NJ&max_cost=2000&max_weeks=12&per_page=50")
    assert body["careers"] == ["Phlebotomy Technician"]
    assert body["place"] == "Newark, NJ"
    assert body["total"] == len(body["results"]) > 0
    distances = []
    for program in body["results"]:
        assert "Phlebotomy Technician" in program["careers"]
        assert program["cost_usd"] is None or program["cost_usd"] <= 2000
        assert program["duration_weeks"] is None or program["duration_weeks"] <= 12
        assert program["distance_miles"] <= 25
        distances.append(program["distance_miles"])
        assert_reason_agrees(program, "Newark, NJ", 2000, 12)
    assert distances[0] == min(distances)


def test_online_only(api):
    body = get(api, "q=cna&online=1&per_page=50")
    assert body["results"]
    for program in body["results"]:
        assert program["format"] == "online" and program["location"] == "Online"
        assert_reason_agrees(program, None, None, None)


@pytest.mark.parametrize("budget", [800, 1500, 3000])
def test_the_budget_holds(api, budget):
    body = get(api, f"q=medical+assistant&max_cost={budget}&per_page=50")
    for program in body["results"]:
        assert program["cost_usd"] is None or program["cost_usd"] <= budget
        assert_reason_agrees(program, None, budget, None)


@pytest.mark.parametrize("weeks", [4, 10])
def test_the_length_holds(api, weeks):
    body = get(api, f"q=pharmacy+technician&max_weeks={weeks}&per_page=50")
    for program in body["results"]:
        assert program["duration_weeks"] is None or program["duration_weeks"] <= weeks
        assert_reason_agrees(program, None, None, weeks)


def test_a_limit_nothing_meets_lists_nothing_and_says_so(api):
    body = get(api, "q=welding&max_cost=10")
    assert body["total"] == 0 and body["results"] == []
    assert "No program matches all of that" in body["notes"][0]


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ("", "q"),
        ("q=cna&near=Xyzzyville", "near"),
        ("q=cna&max_cost=lots", "max_cost"),
        ("q=cna&max_weeks=0", "max_weeks"),
        ("q=cna&online=maybe", "online"),
        ("q=" + "a" * 300, "q"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(api, query, param):
    body = get(api, query, 400)
    assert body["parameter"] == param


def test_the_page_works_without_javascript_and_escapes_everything(api):
    page = api.get("/match?q=phlebotomy&near=07102&max_cost=2000")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    # the form needs no script; the base page's own file (the search box's typeahead) is by src
    assert re.findall(r"<script[^>]*>(.*?)</script>", html, re.S) == [""]
    assert re.findall(r'<script src="([^"]*)"', html) == ["/static/search.js"]
    assert "style=" not in html
    reasons = re.findall(r'<p class="reason">([^<]*)</p>', html)
    assert reasons and all("miles from Newark, NJ" in r or "in Newark, NJ" in r for r in reasons)
    assert not re.search(r"\b0 miles", html)
    assert all("under your $2,000 budget" in r or "cost not listed" in r for r in reasons)
    hostile = api.get("/match?q=%3Cimg+src%3Dx+onerror%3Dalert(1)%3E&near=%3Cb%3E")
    assert hostile.status_code == 400
    text = hostile.get_data(as_text=True)
    assert "<img src=x" not in text and "<b>" not in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    assert 'aria-invalid="true"' in text and "Place: unknown place" in text


def test_the_empty_page_is_the_form(api):
    page = api.get("/match")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert '<form class="matchform" action="/match" method="get">' in html
    assert 'class="reason"' not in html


def test_the_page_and_the_api_share_their_rate_limits(small_index, index_dir):
    """/match draws on the pages' allowance, /recommend and /match on the API's."""
    app = create_app(
        {"INDEX_DIR": str(index_dir), "RATE_LIMIT": "3/minute", "RATE_LIMIT_STORAGE": "memory://"}
    )
    client = app.test_client()
    assert client.get("/search?q=cna").status_code == 200
    assert [client.get(f"/match?q=cna&page={n}").status_code for n in (1, 1, 2)] == [200, 200, 429]
    refused = client.get("/match?q=phlebotomy")
    assert refused.status_code == 429 and "Too many searches" in refused.get_data(as_text=True)
    assert client.get("/api/v1/search?q=cna").status_code == 200
    assert client.get("/api/v1/match?q=cna").status_code == 200
    doc = "articles/pharmacy-technician-vs-pals-provider"
    assert client.get(f"/api/v1/recommend?doc={doc}").status_code == 200
    response = client.get(f"/api/v1/recommend?doc={doc}")
    assert response.status_code == 429 and response.get_json()["retry_after"] >= 1
