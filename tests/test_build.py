"""Building the index: full and incremental runs, removal, failures, the atomic swap, one writer."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest
from corpus_pages import program_page
from whoosh import index as whoosh_index

from indexer import generations
from indexer.build import BuildOptions, build
from indexer.lock import IndexLocked, build_lock
from search_app.query import MultiDictArgs, parse_args
from search_app.search import SearchService


def titles(index_dir: Path, q: str = "") -> list[str]:
    service = SearchService(index_dir)
    results = service.search(parse_args(MultiDictArgs({"q": q, "per_page": "50"})))
    return sorted(hit.title for hit in results.results)


def add_program(corpus: Path, name: str, title: str, **facts) -> Path:
    path = corpus / "programs" / f"{name}.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    spec = dict(
        career="Welder", provider="Iron Works Institute", city="Tulsa", state="OK", cost=4000
    )
    spec.update(facts)
    path.write_text(program_page(title, **spec), encoding="utf-8")
    return path


def test_full_build_indexes_every_source(small_corpus, build_index, index_dir):
    report = build_index(small_corpus)
    assert report.ok
    assert report.full
    assert (report.added, report.documents) == (7, 7)
    live = generations.current(index_dir)
    assert live is not None and live.name == report.generation
    assert len(titles(index_dir)) == 7


def test_second_run_with_nothing_changed_keeps_the_generation(small_corpus, build_index):
    first = build_index(small_corpus)
    second = build_index(small_corpus)
    assert second.generation == first.generation
    assert (second.added, second.updated, second.removed, second.unchanged) == (0, 0, 0, 7)


def test_touching_a_file_without_changing_it_reindexes_nothing(small_corpus, build_index):
    build_index(small_corpus)
    page = next((small_corpus / "programs").rglob("*.html"))
    os.utime(page, ns=(1, 1))
    report = build_index(small_corpus)
    assert (report.added, report.updated, report.unchanged) == (0, 0, 7)


def test_incremental_add_change_and_remove(small_corpus, build_index, index_dir):
    first = build_index(small_corpus)
    add_program(small_corpus, "ok/tulsa-welding", "Structural Welding Certificate")
    changed = small_corpus / "programs" / "tx" / "dallas-phlebotomy.html"
    changed.write_text(
        program_page(
            "Phlebotomy Evening Course",
            career="Phlebotomy Technician",
            provider="North Texas Career College",
            city="Dallas",
            state="TX",
            cost=1300,
        ),
        encoding="utf-8",
    )
    (small_corpus / "programs" / "tx" / "houston-cna.html").unlink()

    report = build_index(small_corpus)

    assert report.ok
    assert not report.full
    assert (report.added, report.updated, report.removed, report.unchanged) == (1, 1, 1, 5)
    assert report.documents == report.added + report.updated + report.unchanged
    assert report.generation != first.generation
    found = titles(index_dir)
    assert "Structural Welding Certificate" in found
    assert "Phlebotomy Evening Course" in found
    assert "Phlebotomy Essentials" not in found
    assert "Certified Nurse Aide Training" not in found


def test_full_rebuild_drops_nothing_that_still_exists(small_corpus, build_index, index_dir):
    build_index(small_corpus)
    report = build_index(small_corpus, full=True)
    assert report.full and report.added == 7
    assert len(titles(index_dir)) == 7


def test_a_broken_source_is_reported_and_the_rest_indexed(small_corpus, build_index, index_dir):
    bad = small_corpus / "programs" / "broken.html"
    bad.write_bytes(b"\x00\x01\x02 binary junk")
    empty = small_corpus / "articles" / "empty.html"
    empty.write_text("")
    report = build_index(small_corpus)
    assert not report.ok
    assert report.failed == 2
    reasons = {Path(e.path).name: e.reason for e in report.errors}
    assert reasons == {"broken.html": "binary file, not HTML", "empty.html": "empty file"}
    assert report.documents == 7
    assert len(titles(index_dir)) == 7


def test_a_source_that_breaks_later_keeps_its_last_good_version(
    small_corpus, build_index, index_dir
):
    build_index(small_corpus)
    page = small_corpus / "programs" / "tx" / "houston-phlebotomy.html"
    page.write_bytes(b"")
    report = build_index(small_corpus)
    assert not report.ok
    assert "Phlebotomy Technician Certificate" in titles(index_dir)
    page.write_text(
        program_page(
            "Phlebotomy Fixed",
            career="Phlebotomy Technician",
            provider="G",
            city="Houston",
            state="TX",
            cost=900,
        ),
        encoding="utf-8",
    )
    assert build_index(small_corpus).ok
    found = titles(index_dir)
    assert "Phlebotomy Fixed" in found and "Phlebotomy Technician Certificate" not in found


def test_duplicate_ids_across_corpora_are_reported(small_corpus, tmp_path, build_index, index_dir):
    other = tmp_path / "other"
    add_program(other, "tx/houston-phlebotomy", "Same id, other corpus")
    report = build_index(small_corpus, other)
    assert [e.reason.split(",")[0] for e in report.errors] == [
        "duplicate id 'programs/tx/houston-phlebotomy'"
    ]
    assert "Same id, other corpus" not in titles(index_dir)


def test_a_crash_mid_build_leaves_the_old_generation_serving(small_corpus, index_dir):
    first = build(BuildOptions([small_corpus], index_dir))
    add_program(small_corpus, "ok/new", "Pipe Welding")

    def crash(done: int, total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build(BuildOptions([small_corpus], index_dir, progress=crash))
    live = generations.current(index_dir)
    assert live is not None and live.name == first.generation
    assert "Pipe Welding" not in titles(index_dir)
    assert not list(index_dir.glob(".build-*"))
    assert build(BuildOptions([small_corpus], index_dir)).ok
    assert "Pipe Welding" in titles(index_dir)


def test_leftovers_of_a_killed_build_are_cleared(small_corpus, index_dir):
    build(BuildOptions([small_corpus], index_dir))
    leftover = index_dir / ".build-999999"
    leftover.mkdir()
    (leftover / "junk").write_text("half a segment")
    (index_dir / ".lock").write_text("999999")
    report = build(BuildOptions([small_corpus], index_dir, full=True))
    assert report.ok
    assert not leftover.exists()
    assert any("cleared a lock left by pid 999999 (dead)" in w.reason for w in report.warnings)


def test_old_generations_are_removed_but_the_previous_one_kept(small_corpus, index_dir):
    for n in range(4):
        add_program(small_corpus, f"ok/p{n}", f"Welding {n}")
        build(BuildOptions([small_corpus], index_dir))
    names = [g.name for g in generations.all_generations(index_dir)]
    assert names == ["gen-000003", "gen-000004"]
    assert generations.current(index_dir).name == "gen-000004"


def test_the_swap_is_one_rename_of_current(small_corpus, index_dir):
    report = build(BuildOptions([small_corpus], index_dir))
    assert (index_dir / "CURRENT").read_text().strip() == report.generation
    live = generations.current(index_dir)
    manifest = json.loads((live.path / "manifest.json").read_text())
    assert manifest["documents"] == 7
    assert whoosh_index.open_dir(str(live.path)).doc_count() == 7


def test_only_one_writer_at_a_time(small_corpus, index_dir):
    holding = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with build_lock(index_dir):
            holding.set()
            release.wait(10)

    # flock is per open file description, so a second open in this process conflicts too.
    thread = threading.Thread(target=hold)
    thread.start()
    try:
        assert holding.wait(5)
        with pytest.raises(IndexLocked, match="another build"):
            build(BuildOptions([small_corpus], index_dir))
    finally:
        release.set()
        thread.join()
    assert build(BuildOptions([small_corpus], index_dir)).ok


def test_missing_corpus_is_an_error_not_a_crash(tmp_path, index_dir):
    report = build(BuildOptions([tmp_path / "nope"], index_dir))
    assert [e.reason for e in report.errors] == ["corpus directory not found"]
