"""/api/v1/recommend over the shipped corpus: programs for an article's careers (a comparison's
careers in turn), nearest first with a place, online ones labelled, related guides, and clear
errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search_app import create_app
from search_app.recommend import RecommendRequest, recommend
from search_app.search import service_of

COMPARISON = "articles/ekg-technician-vs-phlebotomy-technician"
BOTH = {"EKG Technician", "Phlebotomy Technician"}


@pytest.fixture(scope="module")
def api(shipped_index: Path) -> FlaskClient:
    app = create_app({"INDEX_DIR": str(shipped_index), "TESTING": True, "RATE_LIMIT": "off"})
    return app.test_client()


def get(api: FlaskClient, query: str, status: int = 200) -> Any:
    response = api.get("/api/v1/recommend?" + query)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    return response.get_json()


def test_a_comparison_article_recommends_both_careers_in_the_first_six(api):
    body = get(api, f"doc={COMPARISON}")
    assert body["doc"]["id"] == COMPARISON
    assert set(body["careers"]) == BOTH
    first = body["programs"][:6]
    assert len(first) == 6
    assert {p["career"] for p in first} == BOTH
    for program in body["programs"]:
        assert program["kind"] == "program"
        assert program["career"] in program["careers"]
        assert set(program["careers"]) & BOTH, program
    assert body["total"] > len(body["programs"])
    assert body["more"] is True


def test_every_program_is_of_one_of_the_articles_careers_on_every_page(api):
    seen: set[str] = set()
    total = get(api, f"doc={COMPARISON}&per_page=50")["total"]
    for page in range(1, -(-total // 50) + 1):
        body = get(api, f"doc={COMPARISON}&per_page=50&page={page}")
        for program in body["programs"]:
            assert set(program["careers"]) & BOTH, program
            assert program["id"] not in seen, "a program is recommended twice"
            seen.add(program["id"])
    assert len(seen) == total
    assert COMPARISON not in seen


def test_a_place_orders_by_distance_and_labels_online_programs(api):
    body = get(api, f"doc={COMPARISON}&near=Newark,+NJ&per_page=50&explain=1")
    assert body["near"] == {"place": "Newark, NJ", "radius_miles": 25}
    by_career: dict[str, list[dict[str, Any]]] = {}
    for program in body["programs"]:
        by_career.setdefault(program["career"], []).append(program)
    assert set(by_career) == BOTH
    for programs in by_career.values():
        local = [p for p in programs if not p["online"]]
        online = [p for p in programs if p["online"]]
        assert local, "programs near Newark"
        distances = [p["distance_miles"] for p in local]
        assert distances == sorted(distances)
        assert all(d <= 25 for d in distances)
        # nearby first, then that career's online programs, each labelled
        assert programs == local + online
        for p in online:
            assert p["location"] == "Online" or p["format"] == "online"
            assert "online" in p["reason"]
            assert p["why"]["online"] is True
        for p in local:
            miles = p["distance_miles"]
            where = f"{miles:g} miles from Newark, NJ" if miles >= 1 else f"in {p['location']}"
            assert where in p["reason"]
            assert p["why"]["distance_miles"] == p["distance_miles"]
            assert p["why"]["career_match"]


def test_a_zip_code_is_its_city(api):
    by_zip = get(api, f"doc={COMPARISON}&near=07102&per_page=10")
    assert by_zip["near"]["place"] == "Newark, NJ"
    by_name = get(api, f"doc={COMPARISON}&near=Newark,+NJ&per_page=10")
    assert [p["id"] for p in by_zip["programs"]] == [p["id"] for p in by_name["programs"]]


def test_related_guides_share_a_career_and_are_not_the_article(api):
    body = get(api, f"doc={COMPARISON}")
    related = body["related"]
    assert 1 <= len(related) <= 3
    for guide in related:
        assert guide["id"] != COMPARISON
        assert guide["shared"] and set(guide["shared"]) <= BOTH
        assert set(guide["shared"]) <= set(guide["careers"])
    # a comparison's guides cover both of its careers
    assert {c for g in related for c in g["shared"]} == BOTH


def test_a_document_can_be_named_by_its_doc_address(api):
    for ref in (f"/doc/{COMPARISON}", f"http://localhost/doc/{COMPARISON}"):
        assert get(api, "doc=" + ref)["doc"]["id"] == COMPARISON


def test_careers_for_a_page_that_is_not_indexed(api):
    body = get(api, "careers=pharm+tech&careers=cna")
    assert body["doc"] is None
    assert body["careers"] == ["Pharmacy Technician", "Certified Nursing Assistant"]
    assert {p["career"] for p in body["programs"][:2]} == set(body["careers"])


def test_an_unknown_document_is_a_404_that_says_so(api):
    body = get(api, "doc=articles/no-such-article", 404)
    assert body["parameter"] == "doc"
    assert "no document" in body["error"] and "articles/no-such-article" in body["error"]


@pytest.mark.parametrize(
    ("query", "param"),
    [
        (f"doc={COMPARISON}&near=Xyzzyville", "near"),
        (f"doc={COMPARISON}&near=99999", "near"),
        (f"doc={COMPARISON}&near=New+Jersey", "near"),
        (f"doc={COMPARISON}&radius=10", "radius"),
        (f"doc={COMPARISON}&near=Newark,+NJ&radius=0", "radius"),
        ("careers=astronaut", "careers"),
        ("", "doc"),
        (f"doc={COMPARISON}&careers=cna", "careers"),
        (f"doc={COMPARISON}&per_page=51", "per_page"),
        (f"doc={COMPARISON}&per_page=50&page=5", "page"),
        (f"doc={COMPARISON}&explain=maybe", "explain"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(api, query, param):
    body = get(api, query, 400)
    assert body["parameter"] == param
    assert body["error"].startswith(param + ": ")


def test_answers_are_cached_per_generation_and_callable_from_a_view(api):
    app = api.application
    with app.app_context():
        service = service_of()
        plain = recommend(service, RecommendRequest(doc=COMPARISON))
    assert plain.programs and plain.related and plain.generation == "gen-000001"
    first = get(api, f"doc={COMPARISON}&near=Newark,+NJ")
    response = api.get(f"/api/v1/recommend?doc={COMPARISON}&near=Newark,+NJ")
    assert response.headers["X-Index-Generation"] == "gen-000001"
    assert response.get_json() == first
    assert len(app.extensions["recommend"]._cache) >= 1


PARAMS = [
    "doc",
    "careers",
    "near",
    "radius",
    "page",
    "per_page",
    "explain",
    "q",
    "online",
    "max_cost",
    "max_weeks",
]
VALUES = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            COMPARISON,
            "/doc/" + COMPARISON,
            "cna",
            "Newark, NJ",
            "07102",
            "0",
            "-1",
            "1e3",
            "50",
            "1",
            "true",
            "%00",
            "\x00",
            "\ud800",
            "' OR 1=1 --",
            "https://x.example/a",
        ]
    ),
)


@settings(
    max_examples=120,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(pairs=st.lists(st.tuples(st.sampled_from(PARAMS), VALUES), max_size=8))
def test_any_parameters_are_an_answer_or_a_clear_error(api, pairs):
    for path in ("/api/v1/recommend", "/api/v1/match", "/match"):
        encoded = [(k, v.encode("utf-8", "surrogatepass")) for k, v in pairs]
        response = api.get(path + "?" + urlencode(encoded))
        assert response.status_code in (200, 400, 404), (path, pairs)
        if path.startswith("/api/") and response.status_code != 200:
            body = response.get_json()
            assert body["error"].startswith(body["parameter"] + ": "), body
