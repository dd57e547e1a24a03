"""Hostile queries: no input makes a 5xx, and every API response matches the OpenAPI document.

Property-based (hypothesis) over the search service, the JSON API and the search page, with
arbitrary Unicode, Whoosh query syntax, huge and repeated parameters; then schemathesis, in
process, against ``/api/v1/openapi.json`` and the real app.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

import pytest
import schemathesis
from corpus_pages import write_small_corpus
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    positive_data_acceptance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from indexer.build import BuildOptions, build
from search_app import create_app, match, recommend
from search_app.query import (
    MAX_Q_CHARS,
    MAX_RESULTS_DEPTH,
    MultiDictArgs,
    QueryError,
    clean_text,
    parse_args,
)
from search_app.search import SearchService

DEPTH = {"/api/v1/recommend": recommend.MAX_DEPTH, "/api/v1/match": match.MAX_DEPTH}
DEFAULT_PER_PAGE = {"/api/v1/recommend": 6}

FAST = settings(
    max_examples=150,
    deadline=None,
    database=None,  # nothing written into the work tree
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
)

SYNTAX = [
    "AND", "OR", "NOT", "TO", "(", ")", '"', "*", "?", "~", "^", ":", "[", "]", "{", "}", "\\",
    "/", "-", "+", "&&", "||", "!", "title:", "careers:(", "*:*", "~2", "^10", "[a TO z]",
    "{0 TO 9}", '"unclosed', "te?t*", "\x00", "\u202e", "\ufeff", "\ud800", "%00", "' OR 1=1 --",
]  # fmt: skip
WORDS = [
    "phlebotomy", "houston", "cna", "online", "pharm tech", "in newark nj", "near dallas, tx",
    "under $1,000", "under 8 weeks", "vs", "pals vs pharmacy technician", "classes", "salary",
]  # fmt: skip
PARAMS = [
    "q", "career", "location", "state", "format", "kind", "sort", "page", "per_page", "near",
    "radius", "max_cost", "max_weeks", "ignore", "explain", "unknown", "",
]  # fmt: skip

any_text = st.text(st.characters(codec=None), max_size=40)
fragment = st.one_of(any_text, st.sampled_from(SYNTAX), st.sampled_from(WORDS))
query_text = st.one_of(
    st.lists(fragment, max_size=12).map(" ".join),
    st.text(max_size=300),
    st.sampled_from(SYNTAX).map(lambda s: s * 200),
)
number_text = st.one_of(
    st.integers(-(10**30), 10**30).map(str),
    st.sampled_from(["", " ", "+1", "-0", "1.5", "1e3", "0x10", "٣", "１", "NaN", "∞"]),
)
param_value = st.one_of(query_text, number_text)
param_pairs = st.lists(st.tuples(st.sampled_from(PARAMS), param_value), max_size=12)


@pytest.fixture(scope="module")
def hostile_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile-queries")
    report = build(BuildOptions([write_small_corpus(root / "corpus")], root / "index"))
    assert report.ok, report.errors
    return root / "index"


@pytest.fixture(scope="module")
def service(hostile_index: Path) -> SearchService:
    return SearchService(hostile_index)


@pytest.fixture(scope="module")
def api_app(hostile_index: Path):
    # Not TESTING: an exception must become the production 500, which the checks then catch.
    return create_app({"INDEX_DIR": str(hostile_index), "RATE_LIMIT": "off"})


@pytest.fixture(scope="module")
def api_client(api_app):
    return api_app.test_client()


def _get(client, path: str, pairs: list[tuple[str, str]]):
    encoded = [(k, v.encode("utf-8", "surrogatepass")) for k, v in pairs]
    return client.get(path + "?" + urlencode(encoded))


@FAST
@given(q=query_text)
def test_the_search_service_answers_any_text(service, q):
    try:
        query = parse_args(MultiDictArgs({"q": q}))
    except QueryError as error:
        assert error.param == "q"
        assert len(clean_text(q)) > MAX_Q_CHARS
        return
    results = service.search(query)
    assert results.total >= 0
    assert len(results.results) <= query.per_page
    for hit in results.results:
        # Snippets are escaped text with <mark> and nothing else.
        assert "<" not in hit.snippet.replace("<mark>", "").replace("</mark>", "")


@FAST
@given(pairs=param_pairs)
def test_the_api_never_fails_on_any_parameters(api_client, pairs):
    response = _get(api_client, "/api/v1/search", pairs)
    assert response.status_code in (200, 400), response.get_data(as_text=True)[:300]
    body = response.get_json()
    if response.status_code == 400:
        assert body["parameter"] in PARAMS and body["error"].startswith(body["parameter"] + ": ")
    else:
        assert response.headers["X-Index-Generation"] == "gen-000001"
        assert body["total"] >= len(body["results"])


@FAST
@given(pairs=param_pairs)
def test_the_search_page_never_fails_on_any_parameters(api_client, pairs):
    response = _get(api_client, "/search", pairs)
    assert response.status_code in (200, 400)
    assert response.mimetype == "text/html"


@FAST
@given(prefix=query_text)
def test_suggest_answers_any_prefix(api_client, prefix):
    response = _get(api_client, "/api/v1/suggest", [("q", prefix)])
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert isinstance(response.get_json()["suggestions"], list)


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ("q=" + "a" * (MAX_Q_CHARS + 1), "q"),
        ("q=cna&" * 1000, "q"),
        ("career=CNA&" * 10_000, "career"),
        ("location=" + "x" * 5000, "location"),
        ("page=" + "9" * 40, "page"),
        ("page=1e3", "page"),
        (f"per_page=50&page={MAX_RESULTS_DEPTH // 50 + 1}", "page"),
        ("per_page=" + "1" * 10, "per_page"),
        ("kind=program&kind=video", "kind"),
        ("state=" + "Texas" * 100, "state"),
        ("radius=10", "radius"),
        ("ignore=everything", "ignore"),
        ("explain=maybe", "explain"),
    ],
)
def test_huge_and_repeated_parameters_are_a_400_naming_them(api_client, query, param):
    response = api_client.get("/api/v1/search?" + query)
    assert response.status_code == 400
    assert response.get_json()["parameter"] == param


def test_a_hundred_kilobyte_query_string_of_unknown_parameters_is_ignored(api_client):
    response = api_client.get("/api/v1/search?" + "&".join(f"x{n}=y" for n in range(20_000)))
    assert response.status_code == 200


def test_schemathesis_every_response_matches_the_openapi_document(api_app):
    """Positive and negative cases generated from the published document: no 5xx, and every
    status code, content type, header and body is the one the document describes. Schema-valid
    requests are accepted, except those breaking the two rules OpenAPI cannot express
    (page × per_page ≤ 1,000; radius needs near), which the document states in words."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", api_app)
    conformance = [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_headers_conformance,
        response_schema_conformance,
    ]
    seen: dict[str, int] = {}

    @settings(
        max_examples=400,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.generate],
    )
    @given(
        case=schema.as_strategy(GenerationMode.POSITIVE)
        | schema.as_strategy(GenerationMode.NEGATIVE)
    )
    def run(case):
        response = case.call()
        key = f"{case.operation.path} {response.status_code}"
        seen[key] = seen.get(key, 0) + 1
        checks = list(conformance)
        if case.meta is not None and case.meta.generation.mode == GenerationMode.POSITIVE:
            query = case.query or {}
            path = case.operation.path
            per_page = int(query.get("per_page", DEFAULT_PER_PAGE.get(path, 10)))
            depth = DEPTH.get(path, MAX_RESULTS_DEPTH)
            depth_ok = int(query.get("page", 1)) * per_page <= depth
            radius_ok = (
                path == "/api/v1/match"
                or "radius" not in query
                or bool(clean_text(str(query.get("near") or "")))
            )
            # recommend and match: a place or career that must exist, and "doc or careers" (or
            # "say something" for match), which the document states in words
            exists_ok = not (
                path in DEPTH
                and response.status_code == 400
                and response.json().get("parameter") in ("doc", "careers", "near", "q")
            )
            if depth_ok and radius_ok and exists_ok:
                checks.append(positive_data_acceptance)
        case.validate_response(response, checks=checks)

    run()
    # Both outcomes were exercised on every operation that can fail.
    for path in ("/api/v1/search", "/api/v1/suggest"):
        assert seen.get(f"{path} 200"), seen
    assert seen.get("/api/v1/search 400"), seen
    for path in DEPTH:
        assert any(key.startswith(path + " ") for key in seen), seen
