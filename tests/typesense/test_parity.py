"""The same search on Typesense: the small corpus indexed into both engines answers alike."""

from __future__ import annotations

import re
import shutil
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from corpus_pages import program_page, write_small_corpus

from indexer.backends.typesense.index import build_typesense
from indexer.backends.typesense.meta import alias_target
from indexer.backends.typesense.schema import Cluster
from indexer.build import BuildOptions, build
from indexer.lock import IndexLocked, build_lock
from search_app import create_app
from search_app.cli import main
from search_app.query import MultiDictArgs, parse_args
from search_app.search import SearchService

QUERIES: list[dict[str, Any]] = [
    {"q": "phlebotomy houston"},
    {"q": "pharmacy technician vs pals provider"},
    {"q": "cna"},
    {"q": "phlebotomy", "location": "Houston, TX"},
    {"q": "", "location": ["Houston, TX", "Dallas, TX"]},
    {"q": "", "near": "Pasadena, TX", "radius": "30"},
    {"q": "pharmacy online"},
    {"q": "pharm tech salary"},
    {"q": "phlebotmy"},  # corrected by the speller
    {"q": "phlebotomy", "sort": "cost"},
    {"q": "classes", "kind": "program", "format": "in-person"},
    {"q": "phlebotomy under $1000"},
    {"q": "pharmacy technician in new jersey"},
    {"q": "venipuncture capillary"},
    {"q": "blood draws dallas"},  # relaxed: any of the words
    {"q": "", "career": "Phlebotomy Technician", "state": "TX"},
    {"q": "how much does phlebotomy training cost"},  # a question: its price range
    {"q": "how long is phlebotomy school in texas"},
    {"q": "flebotomy"},  # sound-alike spelling
]


def _collection(generation: str | None) -> str:
    """The collection of a Typesense generation name (``course_search_000001.r2``)."""
    return str(generation).rsplit(".r", 1)[0]


def _query(args: dict[str, Any]) -> Any:
    return parse_args(MultiDictArgs(args))


def _facets(data: dict[str, Any]) -> dict[str, list[tuple[str, int, bool]]]:
    return {
        name: [(v["value"], v["count"], v["selected"]) for v in values]
        for name, values in data["facets"].items()
    }


def assert_snippet_safe(snippet: str) -> None:
    """Escaped text and <mark>, nothing else."""
    bare = re.sub(r"</?mark>", "", snippet)
    assert "<" not in bare and ">" not in bare, snippet
    assert re.fullmatch(r"([^&]|&(amp|lt|gt|quot|#x27);)*", bare), snippet
    assert snippet.count("<mark>") == snippet.count("</mark>"), snippet


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_small_corpus(tmp_path / "corpus")


@pytest.fixture
def engines(
    corpus: Path, tmp_path: Path, ts_settings: dict[str, Any], services: Any
) -> tuple[SearchService, SearchService]:
    index = tmp_path / "index"
    whoosh = build(BuildOptions([corpus], index, full=True))
    typesense = build_typesense(
        BuildOptions([corpus], tmp_path / "ts-state"), Cluster.from_settings(ts_settings)
    )
    assert whoosh.ok and typesense.ok, (whoosh.errors, typesense.errors)
    assert typesense.documents == whoosh.documents == 7
    return services({"ENGINE": "whoosh", "INDEX_DIR": str(index)}), services(ts_settings)


def test_same_results_facets_and_top_hit(engines: tuple[SearchService, SearchService]) -> None:
    whoosh, typesense = engines
    for args in QUERIES:
        query = _query(args)
        a, b = whoosh.search(query).to_json(), typesense.search(query).to_json()
        where = f"query {args}"
        assert b["total"] == a["total"], where
        assert _facets(b) == _facets(a), where
        assert b["interpreted"] == a["interpreted"], where
        assert (b["relaxed"], b["suggestion"]) == (a["relaxed"], a["suggestion"]), where
        assert b["careers_panel"] == a["careers_panel"], where
        assert b["intent"] == a["intent"], where
        if "cost" in str(args["q"]):
            assert a["intent"]["cost"]["count"] > 0, where  # a range to agree on
        assert [h["id"] for h in b["results"]][:1] == [h["id"] for h in a["results"]][:1], where
        assert {h["id"] for h in b["results"]} == {h["id"] for h in a["results"]}, where
        for hit in b["results"]:
            assert_snippet_safe(hit["snippet"])
        for x, y in zip(a["results"], b["results"], strict=False):
            if x["id"] == y["id"]:
                assert x["distance_miles"] == pytest.approx(y["distance_miles"], abs=1.0), where


def test_facet_counts_are_disjunctive(engines: tuple[SearchService, SearchService]) -> None:
    whoosh, typesense = engines
    query = _query({"q": "phlebotomy", "location": "Houston, TX"})
    found = typesense.search(query)
    locations = {v.value: (v.count, v.selected) for v in found.facets["location"]}
    assert found.total == 1
    assert locations == {"Houston, TX": (1, True), "Dallas, TX": (1, False)}
    assert found.facets == whoosh.search(query).facets


def test_get_suggest_health_and_paging(engines: tuple[SearchService, SearchService]) -> None:
    whoosh, typesense = engines
    doc = typesense.get("programs/tx/houston-cna")
    assert doc is not None and doc == whoosh.get("programs/tx/houston-cna")
    assert typesense.get("programs/none") is None
    for prefix in ("pha", "hou", "phlebotomy te", "new j"):
        assert typesense.suggest(prefix) == whoosh.suggest(prefix), prefix
    health = typesense.health()
    assert health.documents == 7 and health.generation.endswith("_000001.r1")
    pages = [
        typesense.search(_query({"q": "", "per_page": "3", "page": str(p)})) for p in (1, 2, 3)
    ]
    ids = [h.id for page in pages for h in page.results]
    assert len(ids) == len(set(ids)) == 7
    typing = typesense.search(_query({"q": "pharmac"}))  # a word still being typed
    assert typing.total == 3 and "<mark>Pharmacy</mark>" in typing.results[0].snippet


def test_hostile_text_is_escaped(
    tmp_path: Path, ts_settings: dict[str, Any], services: Any
) -> None:
    corpus = write_small_corpus(tmp_path / "corpus")
    page = corpus / "programs" / "tx" / "hostile.html"
    page.write_text(
        program_page(
            "Phlebotomy Night Class",
            career="Phlebotomy Technician",
            provider="A & B <Institute>",
            city="Houston",
            state="TX",
            cost=500,
            body='<script>alert("x")</script> phlebotomy &lt;mark&gt; ]x[ [mark[ "quoted" draws',
        ).replace("<p>", "<p>&lt;img src=x onerror=alert(1)&gt; "),
        encoding="utf-8",
    )
    report = build_typesense(
        BuildOptions([corpus], tmp_path / "st"), Cluster.from_settings(ts_settings)
    )
    assert report.ok, report.errors
    found = services(ts_settings).search(_query({"q": "phlebotomy draws"}))
    assert found.total >= 1
    for hit in found.results:
        assert_snippet_safe(hit.snippet)
    assert any("<mark>draws</mark>" in h.snippet for h in found.results)


def test_flask_app_serves_typesense(
    engines: Any, ts_settings: dict[str, Any], tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    app = create_app({**ts_settings, "INDEX_DIR": str(tmp_path / "unused"), "TESTING": True})
    reference = create_app({"INDEX_DIR": str(tmp_path / "index"), "TESTING": True})
    client, ref = app.test_client(), reference.test_client()
    for served in (app, reference):
        request.addfinalizer(served.extensions["search"].close)
    for url in (
        "/api/v1/search?q=phlebotomy+houston",
        "/api/v1/search?q=cna&location=Houston%2C+TX",
        "/api/v1/search?q=pharmacy&sort=cost&per_page=2&page=2",
    ):
        got, want = client.get(url), ref.get(url)
        assert got.status_code == want.status_code == 200, url
        a, b = got.get_json(), want.get_json()
        for data in (a, b):
            data.pop("took_ms")
            assert len(data.pop("search_id")) == 16  # each search its own id in the query log
            for hit in data["results"]:
                hit.pop("snippet"), hit.pop("score")
        assert a == b, url
    page = client.get("/search?q=phlebotomy+houston")
    assert page.status_code == 200
    assert "Phlebotomy Technician Certificate" in page.get_data(as_text=True)
    assert client.get("/api/v1/health").get_json()["documents"] == 7
    assert client.get("/doc/programs/tx/houston-cna").status_code == 200
    assert (
        client.get("/api/v1/suggest?q=pha").get_json()
        == ref.get("/api/v1/suggest?q=pha").get_json()
    )


def test_incremental_upserts_and_deletes(
    corpus: Path, tmp_path: Path, ts_settings: dict[str, Any], services: Any
) -> None:
    cluster = Cluster.from_settings(ts_settings)
    state = tmp_path / "state"
    first = build_typesense(BuildOptions([corpus], state), cluster)
    service = services(ts_settings)
    assert service.search(_query({"q": "dallas"})).total == 1
    (corpus / "programs" / "tx" / "dallas-phlebotomy.html").unlink()
    houston = corpus / "programs" / "tx" / "houston-cna.html"
    houston.write_text(houston.read_text().replace("Patient care skills", "Gerontology"), "utf-8")
    shutil.copyfile(
        corpus / "programs" / "tx" / "houston-phlebotomy.html",
        corpus / "programs" / "tx" / "katy.html",
    )
    report = build_typesense(BuildOptions([corpus], state), cluster)
    assert report.ok and not report.full, report.errors
    assert (report.added, report.updated, report.removed, report.unchanged) == (1, 1, 1, 5)
    # upserted in place: the same collection, its metadata's second revision
    assert report.generation == _collection(first.generation) + ".r2"
    time.sleep(0.6)  # the engine re-checks the metadata's revision every half second
    assert service.search(_query({"q": "dallas"})).total == 0
    assert service.search(_query({"q": "gerontology"})).total == 1
    assert service.get("programs/tx/katy") is not None
    assert service.health().documents == 7
    again = build_typesense(BuildOptions([corpus], state), cluster)
    assert (again.added, again.updated, again.removed, again.unchanged) == (0, 0, 0, 7)


def test_alias_swap_serves_the_old_collection_until_done(
    corpus: Path, tmp_path: Path, ts_settings: dict[str, Any], services: Any, ts_client: Any
) -> None:
    cluster = Cluster.from_settings(ts_settings)
    state = tmp_path / "state"
    first = build_typesense(BuildOptions([corpus], state), cluster)
    service = services(ts_settings)
    client = ts_client
    seen: list[tuple[str | None, int, str]] = []

    def during(done: int, total: int) -> None:
        time.sleep(0.6)
        found = service.search(_query({"q": ""}))
        seen.append((alias_target(client, cluster), found.total, found.generation))

    second = build_typesense(BuildOptions([corpus], state, full=True, progress=during), cluster)
    assert second.ok and second.generation != first.generation
    assert seen and all(s == (_collection(first.generation), 7, first.generation) for s in seen)
    time.sleep(0.6)
    assert service.search(_query({"q": ""})).generation == second.generation

    def crash(done: int, total: int) -> None:
        if done == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build_typesense(BuildOptions([corpus], state, full=True, progress=crash), cluster)
    assert alias_target(client, cluster) == _collection(second.generation)
    names = {
        c["name"] for c in client.collections.retrieve() if c["name"].startswith(cluster.alias)
    }
    # the crashed build's collection is gone
    assert names == {_collection(first.generation), _collection(second.generation), cluster.meta}
    assert service.search(_query({"q": ""})).total == 7


def test_one_writer_and_source_errors(
    corpus: Path, tmp_path: Path, ts_settings: dict[str, Any]
) -> None:
    cluster = Cluster.from_settings(ts_settings)
    (corpus / "programs" / "broken.html").write_bytes(b"")
    (corpus / "feeds").mkdir()
    (corpus / "feeds" / "bad.csv").write_text("id,title\n1,\n", encoding="utf-8")
    (corpus / "feeds" / "bad.toml").write_text(
        '[feed]\nid = "id"\n[fields]\ntitle = "title"\n', "utf-8"
    )
    whoosh = build(BuildOptions([corpus], tmp_path / "index", full=True))
    state = tmp_path / "state"
    typesense = build_typesense(BuildOptions([corpus], state), cluster)
    assert not typesense.ok
    assert typesense.errors == whoosh.errors
    assert (typesense.documents, typesense.failed) == (whoosh.documents, whoosh.failed)
    errors: list[BaseException] = []
    with build_lock(state):
        worker = threading.Thread(target=lambda: _expect_locked(corpus, state, cluster, errors))
        worker.start()
        worker.join(30)
    assert errors and isinstance(errors[0], IndexLocked)


def _expect_locked(
    corpus: Path, state: Path, cluster: Cluster, errors: list[BaseException]
) -> None:
    try:
        build_typesense(BuildOptions([corpus], state), cluster)
    except BaseException as exc:
        errors.append(exc)


def test_command_line(corpus: Path, tmp_path: Path, typesense_node: Any) -> None:
    env = {
        "COURSE_SEARCH_ENGINE": "typesense",
        "COURSE_SEARCH_TYPESENSE_NODES": typesense_node.urls,
        "COURSE_SEARCH_TYPESENSE_API_KEY": "course-search-test-key",
    }
    runner = CliRunner()
    state = str(tmp_path / "state")
    done = runner.invoke(main, ["index", "--corpus", str(corpus), "--index", state], env=env)
    assert done.exit_code == 0, done.output
    assert "7 documents" in done.output and "course_search_" in done.output
    found = runner.invoke(main, ["search", "phlebotomy", "houston", "--index", state], env=env)
    assert found.exit_code == 0 and "1 results" in found.output, found.output
    stats = runner.invoke(main, ["stats", "--index", state], env=env)
    assert stats.exit_code == 0 and "7 documents" in stats.output, stats.output
    missing = runner.invoke(
        main,
        ["search", "x", "--engine", "typesense"],
        env={**env, "COURSE_SEARCH_TYPESENSE_NODES": ""},
    )
    assert missing.exit_code != 0 and "TYPESENSE_NODES" in missing.output
