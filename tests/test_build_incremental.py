"""Incremental builds start from the generation in service by hard-linking its index files: the
old generation must stay byte for byte what it was (it is still serving), the new one must show
the change."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from corpus_pages import program_page
from whoosh import index as whoosh_index
from whoosh.qparser import QueryParser

from indexer import generations
from indexer.build import BuildOptions, build
from search_app.query import MultiDictArgs, parse_args
from search_app.search import SearchService


def snapshot(path: Path) -> dict[str, str]:
    """Every file of a generation directory and the SHA-256 of its bytes."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(path.iterdir())}


def found(index_dir: Path, q: str) -> list[str]:
    service = SearchService(index_dir)
    return [hit.title for hit in service.search(parse_args(MultiDictArgs({"q": q}))).results]


def write_program(corpus: Path, name: str, title: str, provider: str) -> None:
    path = corpus / "programs" / "ok" / f"{name}.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    page = program_page(
        title, career="Welder", provider=provider, city="Tulsa", state="OK", cost=4000
    )
    path.write_text(page, encoding="utf-8")


WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf"]


def test_incremental_builds_never_touch_the_previous_generation(small_corpus, index_dir):
    first = build(BuildOptions([small_corpus], index_dir))
    assert first.ok and first.full
    # Several rounds: adds, a change and a removal, enough segments for Whoosh to merge some.
    for n in range(7):
        before = generations.current(index_dir)
        assert before is not None
        hashes = snapshot(before.path)
        old_ix = whoosh_index.open_dir(str(before.path))
        old_searcher = old_ix.searcher()  # a server still holding the old generation
        old_count = old_searcher.doc_count()
        query = QueryParser("title", old_ix.schema).parse("pipeline")
        old_hits = sorted(hit["title"] for hit in old_searcher.search(query, limit=None))

        write_program(
            small_corpus, f"weld-{n}", f"Pipeline Welding {WORDS[n].title()}", "Okie Welds"
        )
        if n == 3:
            write_program(small_corpus, "weld-0", "Underwater Welding Course", "Deep Welds")
        if n == 5:
            (small_corpus / "programs" / "ok" / "weld-1.html").unlink()
        report = build(BuildOptions([small_corpus], index_dir))
        assert report.ok and not report.full, report.errors
        assert report.generation != before.name

        assert snapshot(before.path) == hashes, f"round {n}: the old generation was modified"
        # A searcher still open on the old generation keeps its own view of it.
        assert sorted(hit["title"] for hit in old_searcher.search(query, limit=None)) == old_hits
        assert old_searcher.doc_count() == old_count
        old_searcher.close()
        old_ix.close()

        assert found(index_dir, f"pipeline welding {WORDS[n]}")[:1] == [
            f"Pipeline Welding {WORDS[n].title()}"
        ]

    titles = found(index_dir, "welding okie deep")
    assert "Underwater Welding Course" in titles
    assert "Pipeline Welding Alpha" not in titles  # replaced by the change
    assert "Pipeline Welding Bravo" not in titles  # removed
    assert found(index_dir, "underwater") == ["Underwater Welding Course"]


def test_the_big_segment_is_shared_not_copied(small_corpus, index_dir):
    build(BuildOptions([small_corpus], index_dir))
    before = generations.current(index_dir)
    assert before is not None
    write_program(small_corpus, "weld-x", "Pipeline Welding", "Okie Welds")
    build(BuildOptions([small_corpus], index_dir))
    after = generations.current(index_dir)
    assert after is not None and after.name != before.name
    old_segments = {p.name: p.stat().st_ino for p in before.path.glob("MAIN_*.*")}
    shared = [p.name for p in after.path.glob("MAIN_*.*") if p.name in old_segments]
    assert shared, "the new generation should reuse the old segment"
    for name in shared:
        assert (after.path / name).stat().st_ino == old_segments[name]
    # Files the build rewrites are never shared with the old generation.
    for name in ("vocabulary.json", "manifest.json", "careers.toml"):
        if (before.path / name).exists() and (after.path / name).exists():
            assert not os.path.samefile(before.path / name, after.path / name), name
