"""The API's parameters are declared once (search_app.params): every declared parameter's limits
are what the real app enforces, on the API and on the pages that share its parser, and what the
OpenAPI document and the README say."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urlencode

import pytest
from click.testing import CliRunner
from corpus_pages import write_small_corpus
from flask.testing import FlaskClient
from markupsafe import escape

from indexer.build import BuildOptions, build
from search_app import api_doc, create_app
from search_app.cli import main
from search_app.insights_web import CLICK_FIELDS, CLICK_PATH
from search_app.openapi import OPERATIONS, document
from search_app.params import MAX_VALUES, Param, openapi_parameters

README = Path(__file__).resolve().parent.parent / "README.md"
# What each operation needs to get past its own rules, so that only the bad value is at fault.
FIELDS = {p.name: p for p in CLICK_FIELDS}
BASE = {"/api/v1/recommend": [("careers", "cna")], "/api/v1/match": [("q", "cna")]}


def bad_values(p: Param) -> list[tuple[str, list[str]]]:
    """(what is wrong, the values sent) for each way ``p``'s declaration refuses a value."""
    cases = [] if p.kind == "list" else [("given twice", ["1", "1"])]
    if p.kind == "int":
        cases += [("above", [str(p.high + 1)]), ("below", [str(p.low - 1)]), ("word", ["ten"])]
    elif p.kind == "flag":
        cases.append(("not a flag", ["maybe"]))
    elif p.kind == "list":
        cases.append(("too many", [f"v{n}" for n in range(MAX_VALUES + 1)]))
        cases.append(("too long", ["x" * (p.chars + 1)]))
    elif not p.cut:
        cases.append(("too long", ["x" * (p.chars + 1)]))
    if p.choices:
        cases.append(("not a choice", ["zzz"]))
    if p.read is not None:
        cases.append(("refused", ["zz-not-valid"]))
    if p.required:
        cases.append(("missing", []))
    return cases


CASES = [
    pytest.param(op.path, p, values, id=f"{op.id}-{p.name}-{why}")
    for op in OPERATIONS
    for p in op.params
    for why, values in bad_values(p)
]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> FlaskClient:
    root = tmp_path_factory.mktemp("api-params")
    report = build(BuildOptions([write_small_corpus(root / "corpus")], root / "index"))
    assert report.ok, report.errors
    config = {"INDEX_DIR": str(root / "index"), "TESTING": True, "QUERY_LOG": "on"}
    return create_app({**config, "RATE_LIMIT": "off"}).test_client()


def with_values(path: str, p: Param, values: list[str]) -> str:
    pairs = [pair for pair in BASE.get(path, []) if pair[0] != p.name]
    return path + "?" + urlencode(pairs + [(p.name, v) for v in values])


@pytest.mark.parametrize(("path", "param", "values"), CASES)
def test_each_declared_limit_is_a_400_naming_the_parameter(client, path, param, values):
    response = client.get(with_values(path, param, values))
    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    body = response.get_json()
    assert body["parameter"] == param.name
    assert body["error"].startswith(f"{param.name}: ")
    page = api_doc.PAGES.get(path)
    if page and param in page[1]:  # the page reads the same table: the same message, as HTML
        shown = client.get(with_values(page[0], param, values))
        assert shown.status_code == 400 and shown.mimetype == "text/html"
        message = body["error"].removeprefix(f"{param.name}: ")
        assert str(escape(message)) in shown.get_data(as_text=True)


@pytest.mark.parametrize("op", [op for op in OPERATIONS if op.params], ids=lambda op: op.id)
def test_the_declared_bounds_and_defaults_are_accepted(client, op):
    for p in op.params:
        for value in [str(p.low), str(p.high)] if p.kind == "int" else []:
            query = with_values(op.path, p, [value])
            if p.name == "page":
                query += "&per_page=1"
            if p.name == "radius":
                query += "&near=Houston%2C+TX"
            assert client.get(query).status_code == 200, query
    defaults = client.get(with_values(op.path, Param("none", ""), []))
    assert defaults.status_code == 200


@pytest.mark.parametrize(
    ("form", "parameter"),
    [
        ({"doc": "d", "pos": "1"}, "search"),
        ({"search": "0" * 16, "doc": "d", "pos": "1", "src": "email"}, "src"),
        ({"search": "0" * 16, "doc": "d", "pos": str(FIELDS["pos"].high + 1)}, "pos"),
        ({"search": "0" * 16, "doc": "d" * (FIELDS["doc"].chars + 1), "pos": "1"}, "doc"),
    ],
)
def test_the_beacon_reads_its_declared_fields(client, form, parameter):
    response = client.post(CLICK_PATH, data=form)
    assert response.status_code == 400
    assert response.get_json()["parameter"] == parameter


def test_the_openapi_document_is_the_declaration():
    paths = document()["paths"]
    for op in OPERATIONS:
        assert paths[op.path]["get"].get("parameters", []) == openapi_parameters(op.params)
    search = {p["name"]: p for p in paths["/api/v1/search"]["get"]["parameters"]}
    assert search["per_page"]["schema"] == {
        "type": "integer",
        "minimum": 1,
        "maximum": 50,
        "default": 10,
    }
    assert search["format"]["style"] == "form" and search["format"]["schema"]["maxItems"] == 20


def test_the_readme_tables_are_the_declaration():
    text = README.read_text(encoding="utf-8")
    assert api_doc.spliced(text) == text, "run: course-search api-params --write"
    assert "| `max_weeks` | whole number, 1–520 |" in text


def test_the_command_finds_and_rewrites_a_stale_table(tmp_path):
    stale = tmp_path / "README.md"
    shutil.copy(README, stale)
    stale.write_text(stale.read_text().replace("whole number, 1–520", "1–52"))
    runner = CliRunner()
    assert runner.invoke(main, ["api-params", "--check", "--readme", str(stale)]).exit_code == 1
    written = runner.invoke(main, ["api-params", "--write", "--readme", str(stale)])
    assert written.exit_code == 0 and "rewritten" in written.output
    assert stale.read_text() == README.read_text()
    assert runner.invoke(main, ["api-params", "--check", "--readme", str(stale)]).exit_code == 0
