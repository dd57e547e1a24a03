"""The query log in the app: what is recorded from each surface, clicks and their beacon, the
report, /insights, settings, retention, and the store interface on SQLite."""

from __future__ import annotations

import base64
import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient

from search_app import create_app
from search_app.cli import main
from search_app.insights import build_report
from search_app.log_store import ClickRecord, LogStore, SearchRecord, SqliteStore
from search_app.query_log import QueryLog, log_of, settings_from_env

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
TOKEN = "editor-token-1234"


@pytest.fixture
def logged_app(small_index: Path, index_dir: Path) -> Flask:
    return create_app(
        {"INDEX_DIR": str(index_dir), "TESTING": True, "QUERY_LOG": "on", "INSIGHTS_TOKEN": TOKEN}
    )


@pytest.fixture
def logged(logged_app: Flask) -> FlaskClient:
    return logged_app.test_client()


def rows(app: Flask, sql: str) -> list[tuple[object, ...]]:
    log = log_of(app)
    assert log is not None and log.flush()
    db = sqlite3.connect(Path(app.config["INDEX_DIR"]) / "querylog.sqlite")
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def report_json(index_dir: Path, *args: str) -> dict[str, object]:
    result = CliRunner().invoke(main, ["insights", "--index", str(index_dir), "--json", *args])
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.stdout)
    return data


def test_page_api_and_widget_searches_are_recorded_with_their_surface(
    logged_app: Flask, logged: FlaskClient
) -> None:
    assert logged.get("/search?q=Phlebotomy  HOUSTON").status_code == 200
    api = logged.get(
        "/api/v1/search?q=pharmacy&location=Newark, NJ&career=Pharmacy Technician"
    ).get_json()
    assert logged.get("/api/v1/search?q=pharmacy&src=widget&per_page=5").status_code == 200
    found = rows(logged_app, "SELECT surface, query, total, page, careers, places FROM searches")
    assert sorted(found) == [
        ("api", "pharmacy", api["total"], 1, '["Pharmacy Technician"]', '["Newark, NJ"]'),
        ("page", "phlebotomy houston", 1, 1, '["Phlebotomy Technician"]', '["Houston, TX"]'),
        ("widget", "pharmacy", 3, 1, "[]", "[]"),
    ]
    assert api["search_id"] in {r[0] for r in rows(logged_app, "SELECT id FROM searches")}


def test_a_cached_answer_is_still_recorded(logged_app: Flask, logged: FlaskClient) -> None:
    for _ in range(3):
        assert logged.get("/api/v1/search?q=cna").status_code == 200
    assert logged_app.extensions["search"].cache.hits == 2
    assert rows(logged_app, "SELECT count(*) FROM searches WHERE query = 'cna'") == [(3,)]


def test_bad_requests_are_not_searches(logged_app: Flask, logged: FlaskClient) -> None:
    assert logged.get("/api/v1/search?q=cna&page=0").status_code == 400
    response = logged.get("/api/v1/search?q=cna&src=partner")
    assert response.status_code == 400 and response.get_json()["parameter"] == "src"
    assert not (Path(logged_app.config["INDEX_DIR"]) / "querylog.sqlite").exists()


def test_no_address_or_user_agent_is_stored(logged_app: Flask, logged: FlaskClient) -> None:
    agent = "Mozilla/5.0 (X11; Linux) UniqueAgent/7.7"
    env = {"REMOTE_ADDR": "203.0.113.77"}
    headers = {"User-Agent": agent, "X-Forwarded-For": "198.51.100.9"}
    data = logged.get("/api/v1/search?q=pharmacy", headers=headers, environ_base=env).get_json()
    logged.get("/search?q=cna", headers=headers, environ_base=env)
    click = {"search": data["search_id"], "doc": data["results"][0]["id"], "pos": "1"}
    assert (
        logged.post("/api/v1/click", data=click, headers=headers, environ_base=env).status_code
        == 204
    )
    log = log_of(logged_app)
    assert log is not None and log.flush()
    raw = (Path(logged_app.config["INDEX_DIR"]) / "querylog.sqlite").read_bytes()
    wal = Path(logged_app.config["INDEX_DIR"]) / "querylog.sqlite-wal"
    raw += wal.read_bytes() if wal.exists() else b""
    assert b"pharmacy" in raw  # the records are there...
    for secret in (b"203.0.113.77", b"198.51.100.9", b"UniqueAgent", b"Mozilla"):
        assert secret not in raw  # ...and nothing says who sent them


def test_a_click_joins_its_search(logged_app: Flask, logged: FlaskClient, index_dir: Path) -> None:
    data = logged.get("/api/v1/search?q=pharmacy").get_json()
    second = data["results"][1]["id"]
    response = logged.post(
        "/api/v1/click",
        data={"search": data["search_id"], "doc": second, "pos": "2", "src": "widget"},
        headers={"Origin": "https://partner.example"},
    )
    assert response.status_code == 204
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Cache-Control"] == "no-store"
    logged.get("/api/v1/search?q=welding")
    assert rows(
        logged_app,
        "SELECT s.query, c.doc_id, c.position, c.surface FROM clicks c "
        "JOIN searches s ON s.id = c.search_id",
    ) == [("pharmacy", second, 2, "widget")]
    report = report_json(index_dir)
    assert report["clicks"] == 1 and report["searches_with_clicks"] == 1
    assert report["mean_click_position"] == 2.0
    top = {r["query"]: r for r in report["top_queries"]}  # type: ignore[attr-defined]
    assert top["pharmacy"]["clicks"] == 1


@pytest.mark.parametrize(
    ("form", "parameter"),
    [
        ({"search": "not-hex", "doc": "DOC", "pos": "1"}, "search"),
        ({"search": "0123456789abcdef", "doc": "DOC", "pos": "0"}, "pos"),
        ({"search": "0123456789abcdef", "doc": "DOC", "pos": "1001"}, "pos"),
        ({"search": "0123456789abcdef", "doc": "DOC", "pos": "1e3"}, "pos"),
        ({"search": "0123456789abcdef", "doc": "programs/not-there.html", "pos": "1"}, "doc"),
        ({"search": "0123456789abcdef", "doc": "x" * 301, "pos": "1"}, "doc"),
        ({"search": "0123456789abcdef", "doc": "DOC", "pos": "1", "src": "email"}, "src"),
        ({"doc": "DOC", "pos": "1"}, "search"),
    ],
)
def test_the_beacon_takes_only_known_documents_and_positions(
    logged_app: Flask, logged: FlaskClient, form: dict[str, str], parameter: str
) -> None:
    doc = logged.get("/api/v1/search?q=pharmacy").get_json()["results"][0]["id"]
    form = {k: doc if v == "DOC" else v for k, v in form.items()}
    response = logged.post("/api/v1/click", data=form)
    assert response.status_code == 400
    assert response.get_json()["parameter"] == parameter
    assert rows(logged_app, "SELECT count(*) FROM clicks") == [(0,)]
    assert logged.get("/api/v1/click").status_code == 405


def test_the_beacon_is_rate_limited(small_index: Path, index_dir: Path) -> None:
    app = create_app({"INDEX_DIR": str(index_dir), "TESTING": True, "RATE_LIMIT": "3/minute"})
    client = app.test_client()
    form = {"search": "0123456789abcdef", "doc": "nope", "pos": "1"}
    codes = [client.post("/api/v1/click", data=form).status_code for _ in range(5)]
    assert codes == [400, 400, 400, 429, 429]


def test_zero_result_queries_are_reported_with_candidates(
    logged: FlaskClient, logged_app: Flask, index_dir: Path
) -> None:
    # "farmacy" as searched after undoing the sound-alike correction, which finds nothing
    for q in ("farmacy", "farmacy", "pharmacy", "cna", "zzqxv"):
        logged.get("/api/v1/search", query_string={"q": q, "ignore": "spelling"})
    log = log_of(logged_app)
    assert log is not None and log.flush()
    report = report_json(index_dir, "--since", "1h")
    assert report["searches"] == 5 and report["zero_result_searches"] == 3
    zero = {r["query"]: r for r in report["zero_results"]}  # type: ignore[attr-defined]
    assert set(zero) == {"farmacy", "zzqxv"}
    assert zero["farmacy"]["searches"] == 2
    assert zero["farmacy"]["candidates"][0]["toml"] == (
        '[[one_way]]\nfrom = "farmacy"\nto = ["pharmacy"]'
    )
    assert zero["zzqxv"]["candidates"] == []
    tables = CliRunner().invoke(main, ["insights", "--index", str(index_dir)]).stdout
    assert "Queries that found nothing" in tables and "farmacy" in tables
    assert 'from = "farmacy"' in tables


def test_the_report_counts_the_did_you_mean_offered(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "log.sqlite")
    now = time.time()
    store.write(
        [
            SearchRecord("a" * 16, now - 60, "page", "pharmcy tech", total=0, suggestion=None),
            SearchRecord("b" * 16, now - 30, "api", "pharmcy tech", total=0, suggestion="pharmacy"),
            SearchRecord("c" * 16, now - 10 * 86_400, "api", "old", total=0),
        ]
    )
    store.close()
    report = build_report(tmp_path / "log.sqlite", "7d")
    assert [(r.query, r.searches, r.suggestion) for r in report.zero_results] == [
        ("pharmcy tech", 2, "pharmacy")
    ]
    assert build_report(tmp_path / "log.sqlite", "all").searches == 3


def test_insights_page_needs_a_token(small_index: Path, index_dir: Path) -> None:
    without = create_app({"INDEX_DIR": str(index_dir), "TESTING": True})
    if without.config["INSIGHTS_TOKEN"]:
        pytest.fail("COURSE_SEARCH_INSIGHTS_TOKEN leaked into the test environment")
    assert without.test_client().get("/insights").status_code == 404


def test_insights_page_shows_the_report_escaped(logged: FlaskClient) -> None:
    logged.get("/api/v1/search", query_string={"q": "<script>alert(1)</script>"})
    logged.get("/search?q=cna")
    assert logged.get("/insights").status_code == 401
    assert logged.get("/insights").headers["WWW-Authenticate"].startswith("Basic")
    wrong = {"Authorization": "Bearer editor-token-1235"}
    assert logged.get("/insights", headers=wrong).status_code == 401
    basic = base64.b64encode(f"editor:{TOKEN}".encode()).decode()
    response = logged.get("/insights", headers={"Authorization": f"Basic {basic}"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Robots-Tag"] == "noindex"
    html = response.get_data(as_text=True)
    assert '<dd id="searches">2</dd>' in html
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    bad = logged.get("/insights?since=forever", headers={"Authorization": f"Bearer {TOKEN}"})
    assert bad.status_code == 400 and "since: give a period" in bad.get_data(as_text=True)


def test_off_records_nothing(small_index: Path, index_dir: Path) -> None:
    app = create_app({"INDEX_DIR": str(index_dir), "TESTING": True, "QUERY_LOG": "off"})
    client = app.test_client()
    data = client.get("/api/v1/search?q=pharmacy").get_json()
    assert "search_id" not in data
    assert "data-search-id" not in client.get("/search?q=pharmacy").get_data(as_text=True)
    form = {"search": "0123456789abcdef", "doc": data["results"][0]["id"], "pos": "1"}
    assert client.post("/api/v1/click", data=form).status_code == 404
    assert not (index_dir / "querylog.sqlite").exists()


def test_settings_names_and_precedence() -> None:
    assert settings_from_env({"QUERY_LOG": "off"})["QUERY_LOG"] == "off"
    both = {"QUERY_LOG": "off", "COURSE_SEARCH_QUERY_LOG": "on"}
    assert settings_from_env(both)["QUERY_LOG"] == "on"  # the canonical name wins
    for env in (
        "COURSE_SEARCH_QUERY_LOG",
        "COURSE_SEARCH_QUERY_LOG_PATH",
        "COURSE_SEARCH_QUERY_LOG_DAYS",
        "COURSE_SEARCH_INSIGHTS_TOKEN",
    ):
        assert f"`{env}`" in README
    assert "`QUERY_LOG=off`" in README


def test_bad_settings_are_clear(small_index: Path, index_dir: Path) -> None:
    with pytest.raises(ValueError, match="COURSE_SEARCH_QUERY_LOG='maybe'"):
        create_app({"INDEX_DIR": str(index_dir), "QUERY_LOG": "maybe"})
    with pytest.raises(ValueError, match="COURSE_SEARCH_QUERY_LOG_DAYS='-3'"):
        create_app({"INDEX_DIR": str(index_dir), "QUERY_LOG_DAYS": "-3"})


def test_the_writer_starts_with_the_first_record_and_flushes_at_close(
    logged_app: Flask, logged: FlaskClient
) -> None:
    names = {t.name for t in threading.enumerate()}
    log = log_of(logged_app)
    assert log is not None and log._thread is None  # nothing started by create_app
    for n in range(40):
        logged.get("/api/v1/search", query_string={"q": f"pharmacy {n}"})
    assert "query-log" in {t.name for t in threading.enumerate()} - names or log._thread
    log.close()
    assert log._thread is None
    assert rows(logged_app, "SELECT count(*) FROM searches") == [(40,)]


class ListStore:
    """Another store behind the same interface, as a shared-store deployment would write one."""

    def __init__(self) -> None:
        self.records: list[object] = []
        self.closed = False

    def write(self, records: list[object]) -> None:  # type: ignore[override]
        self.records.extend(records)

    def prune(self, before: float) -> int:
        return 0

    def close(self) -> None:
        self.closed = True


def test_the_log_writes_through_the_store_interface(tmp_path: Path) -> None:
    other = ListStore()
    log = QueryLog(lambda: other, idle_s=0.2)
    log.add(ClickRecord("f" * 16, time.time(), "doc", 1, "page"))
    assert log.flush()
    assert len(other.records) == 1
    deadline = time.monotonic() + 5
    while not other.closed and time.monotonic() < deadline:
        time.sleep(0.05)
    assert other.closed and log._thread is None  # an idle writer stops and closes its store


def test_sqlite_store_takes_concurrent_writers_and_prunes(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite"
    now = time.time()
    SqliteStore(path).close()  # the schema, once, before the writers race

    def write(k: int) -> None:
        store: LogStore = SqliteStore(path)  # one connection per writer, as each worker has
        try:
            for n in range(50):
                old = now - (86_400 * 100 if n < 5 else 0)
                store.write(
                    [
                        SearchRecord(f"{k:02x}{n:014x}", old, "api", "q"),
                        ClickRecord(f"{k:02x}{n:014x}", now, "doc", 1, "page"),
                    ]
                )
        finally:
            store.close()

    threads = [threading.Thread(target=write, args=(k,)) for k in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert build_report(path, "all").searches == 200
    store = SqliteStore(path)
    assert store.prune(now - 90 * 86_400) == 20
    store.close()
    assert build_report(path, "all").searches == 180
    db = sqlite3.connect(path)
    try:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    finally:
        db.close()


def test_records_are_flushed_when_the_process_exits(small_index: Path, index_dir: Path) -> None:
    """A worker that exits right after a search (within the writer's batching window) still
    writes it: the log flushes at exit."""
    script = (
        "import sys\n"
        "from search_app import create_app\n"
        "app = create_app({'INDEX_DIR': sys.argv[1], 'QUERY_LOG': 'on'})\n"
        "client = app.test_client()\n"
        "for q in ('pharmacy', 'cna', 'zzqxv'):\n"
        "    assert client.get('/api/v1/search', query_string={'q': q}).status_code == 200\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("COURSE_SEARCH_")}
    done = subprocess.run(
        [sys.executable, "-c", script, str(index_dir)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert build_report(index_dir / "querylog.sqlite", "1h").searches == 3
