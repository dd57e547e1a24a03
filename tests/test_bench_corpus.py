"""Smoke test of the benchmark's generators at a tiny size: the real indexer reads what they write."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from indexer.build import BuildOptions, build
from search_app.query import MultiDictArgs, parse_args
from search_app.search import SearchService

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # bench/ is not an installed package: it runs from the checkout
    sys.path.insert(0, str(REPO))

from bench.corpus import CorpusSpec, change_page, generate, load_careers  # noqa: E402
from bench.queries import generate_log, summarize  # noqa: E402


def test_scale_corpus_indexes_cleanly_and_is_seeded(tmp_path: Path) -> None:
    spec = CorpusSpec(docs=40, seed=7, html_share=0.3)
    stats = generate(tmp_path / "corpus", spec, REPO / "corpus")
    assert stats.programs + stats.articles == 40
    assert stats.html_pages and stats.feed_rows and stats.program_pages
    again = generate(tmp_path / "again", spec, REPO / "corpus")
    first = (tmp_path / "corpus" / "feeds" / "scale.jsonl").read_bytes()
    assert first == (tmp_path / "again" / "feeds" / "scale.jsonl").read_bytes()
    assert again.program_pages == stats.program_pages

    report = build(BuildOptions([tmp_path / "corpus"], tmp_path / "index", full=True))
    assert report.errors == [] and report.warnings == []
    assert report.documents == 40

    service = SearchService(tmp_path / "index")
    facets = service.search(parse_args(MultiDictArgs({"q": ""}))).facets
    assert any(v.value != "Online" and ", " in v.value for v in facets["location"])
    assert {v.value for v in facets["kind"]} == {"article", "program"}

    change_page(tmp_path / "corpus" / stats.program_pages[0], "benchmarkerzz")
    report = build(BuildOptions([tmp_path / "corpus"], tmp_path / "index"))
    assert report.updated == 1 and not report.full
    deadline = time.monotonic() + 5  # the service notices a new generation within 0.5 s
    found = 0
    while not found and time.monotonic() < deadline:
        found = service.search(parse_args(MultiDictArgs({"q": "benchmarkerzz"}))).total
        time.sleep(0.05)
    assert found == 1


def test_query_log_has_the_mix() -> None:
    careers = load_careers(REPO / "corpus" / "careers.toml")
    log = generate_log(careers, 1000, seed=3)
    summary = summarize(log)
    kinds = summary["by_kind"]
    assert 250 <= kinds["suggest"] <= 350
    assert kinds["place"] and kinds["filters"] and kinds["paging"] and kinds["words"]
    assert 40 <= summary["typos"] <= 120
    assert all(2 <= q.page <= 5 for q in log if q.kind == "paging")
    assert all(q.path().startswith("/api/v1/suggest?q=") for q in log if q.is_suggest)
    assert generate_log(careers, 1000, seed=3) == log
