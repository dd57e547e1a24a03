"""The JSON API through Flask's test client: the contract, errors, CORS, new generations."""

from __future__ import annotations

import time

import pytest
from corpus_pages import program_page

from indexer.build import BuildOptions, build


def test_search_returns_the_contract_shape(client):
    response = client.get("/api/v1/search?q=phlebotomy+houston")
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) >= {
        "query",
        "total",
        "page",
        "per_page",
        "took_ms",
        "interpreted",
        "suggestion",
        "results",
        "facets",
    }
    assert body["query"] == "phlebotomy houston"
    assert body["total"] == 1
    assert body["interpreted"]["careers"] == ["Phlebotomy Technician"]
    hit = body["results"][0]
    assert hit == {
        "id": "programs/tx/houston-phlebotomy",
        "kind": "program",
        "title": "Phlebotomy Technician Certificate",
        "url": "/doc/programs/tx/houston-phlebotomy",
        "snippet": hit["snippet"],
        "careers": ["Phlebotomy Technician"],
        "provider": "Gulf Coast Health Institute",
        "location": "Houston, TX",
        "format": "in-person",
        "cost_usd": 950,
        "duration_weeks": 6,
        "score": hit["score"],
        "distance_miles": 0.0,
    }
    assert "<mark>" in hit["snippet"]
    assert set(body["facets"]) == {"career", "location", "state", "format", "kind"}
    assert body["facets"]["location"] == [{"value": "Houston, TX", "count": 1, "selected": False}]


def test_repeatable_filters_and_facet_selection(client):
    body = client.get(
        "/api/v1/search?location=Houston,+TX&location=Dallas,+TX&career=Phlebotomy+Technician"
    ).get_json()
    assert body["total"] == 2
    selected = {f["value"] for f in body["facets"]["location"] if f["selected"]}
    assert selected == {"Houston, TX", "Dallas, TX"}


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ("page=-3", "page"),
        ("page=0", "page"),
        ("page=abc", "page"),
        ("page=1&page=2", "page"),
        ("per_page=51", "per_page"),
        ("per_page=0", "per_page"),
        ("sort=price", "sort"),
        ("format=teleport", "format"),
        ("kind=video", "kind"),
        ("state=ZZ", "state"),
        ("q=" + "a" * 257, "q"),
        ("per_page=50&page=21", "page"),
    ],
)
def test_bad_parameters_are_400_naming_the_parameter(client, query, param):
    response = client.get(f"/api/v1/search?{query}")
    assert response.status_code == 400
    body = response.get_json()
    assert body["parameter"] == param
    assert body["error"].startswith(f"{param}: ")


@pytest.mark.parametrize(
    "q",
    [
        '"unclosed',
        "AND OR NOT",
        "title:(x",
        "foo*?~^",
        "[a TO",
        "\x00\x01",
        "💉 phlebotomy",
        ")))(((",
    ],
)
def test_query_syntax_is_just_text(client, q):
    response = client.get("/api/v1/search", query_string={"q": q})
    assert response.status_code == 200


def test_health(client):
    body = client.get("/api/v1/health").get_json()
    assert body == {"status": "ok", "documents": 7, "generation": "gen-000001"}


def test_suggest(client):
    body = client.get("/api/v1/suggest?q=pharm").get_json()
    assert body["suggestions"][0] == {
        "type": "career",
        "value": "Pharmacy Technician",
        "count": 3,
        "id": None,
    }
    assert client.get("/api/v1/suggest?q=" + "x" * 300).status_code == 400


def test_cors_and_caching_headers(client):
    response = client.get("/api/v1/search?q=cna", headers={"Origin": "https://partner.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Origin" in response.headers["Vary"]
    assert "max-age" in response.headers["Cache-Control"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_cors_allow_list(small_index, index_dir):
    from search_app import create_app

    app = create_app({"INDEX_DIR": str(index_dir), "ALLOWED_ORIGINS": "https://college.example"})
    client = app.test_client()
    ok = client.get("/api/v1/search", headers={"Origin": "https://college.example"})
    assert ok.headers["Access-Control-Allow-Origin"] == "https://college.example"
    other = client.get("/api/v1/search", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers


def test_missing_index_is_503_with_a_reason(tmp_path):
    from search_app import create_app

    client = create_app({"INDEX_DIR": str(tmp_path / "none")}).test_client()
    response = client.get("/api/v1/search?q=x")
    assert response.status_code == 503
    assert "course-search index" in response.get_json()["error"]


def test_a_new_generation_is_served_within_two_seconds_without_restart(
    client, small_index, index_dir
):
    assert client.get("/api/v1/search?q=welding").get_json()["total"] == 0
    page = small_index / "programs" / "ok" / "tulsa-welding.html"
    page.parent.mkdir()
    page.write_text(
        program_page(
            "Welding Certificate",
            career="Welder",
            provider="Iron Works",
            city="Tulsa",
            state="OK",
            cost=4000,
        )
    )
    report = build(BuildOptions([small_index], index_dir))
    assert report.generation == "gen-000002"
    deadline = time.monotonic() + 2.0
    while time.monotonic() < deadline:
        response = client.get("/api/v1/search?q=welding")
        if response.get_json()["total"] == 1:
            break
        time.sleep(0.1)
    assert response.get_json()["total"] == 1
    assert response.headers["X-Index-Generation"] == "gen-000002"
    assert client.get("/api/v1/health").get_json()["documents"] == 8
