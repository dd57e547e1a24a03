"""The course-search command through click's runner."""

from __future__ import annotations

import json

from click.testing import CliRunner

from search_app.cli import main


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_index_then_incremental_then_search_and_stats(small_corpus, index_dir):
    first = invoke("index", "--corpus", str(small_corpus), "--index", str(index_dir))
    assert first.exit_code == 0, first.output
    assert (
        "full index gen-000001: 7 documents (added 7, updated 0, removed 0, unchanged 0, failed 0)"
        in first.output
    )

    again = invoke("index", "--corpus", str(small_corpus), "--index", str(index_dir))
    assert (
        "incremental index gen-000001: 7 documents (added 0, updated 0, removed 0, unchanged 7, failed 0)"
        in again.output
    )

    found = invoke("search", "phlebotomy", "houston", "--index", str(index_dir))
    assert found.exit_code == 0
    assert "1 results" in found.output
    assert "Phlebotomy Technician Certificate" in found.output and "$950" in found.output

    as_json = invoke(
        "search", "pharmacy", "--location", "Online", "--json", "--index", str(index_dir)
    )
    body = json.loads(as_json.output)
    assert [r["title"] for r in body["results"]] == ["Online Pharmacy Technician Course"]

    stats = invoke("stats", "--index", str(index_dir))
    assert "generation gen-000001" in stats.output and "7 documents" in stats.output
    assert "3  Pharmacy Technician" in stats.output


def test_a_failed_source_is_reported_and_the_exit_status_is_non_zero(small_corpus, index_dir):
    (small_corpus / "programs" / "bad.html").write_bytes(b"\x00\x00binary")
    result = CliRunner().invoke(
        main, ["index", "--corpus", str(small_corpus), "--index", str(index_dir)]
    )
    assert result.exit_code == 1
    assert "bad.html: binary file, not HTML" in result.output
    assert "failed 1" in result.output
    assert "7 documents" in result.output


def test_full_flag_and_several_corpora(small_corpus, tmp_path, index_dir):
    extra = tmp_path / "extra" / "articles"
    extra.mkdir(parents=True)
    (extra / "welding.html").write_text(
        "<title>Welding careers</title><main><p>Arc and MIG welding.</p></main>"
    )
    result = invoke(
        "index",
        "--corpus",
        str(small_corpus),
        "--corpus",
        str(tmp_path / "extra"),
        "--index",
        str(index_dir),
        "--full",
    )
    assert result.exit_code == 0
    assert "full index" in result.output and "8 documents" in result.output


def test_search_without_an_index_says_how_to_build_one(tmp_path):
    result = CliRunner().invoke(main, ["search", "cna", "--index", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert "course-search index" in result.output


def test_bad_search_parameter(small_index, index_dir):
    result = CliRunner().invoke(main, ["search", "x", "--page", "0", "--index", str(index_dir)])
    assert result.exit_code == 2
    assert "page" in result.output
