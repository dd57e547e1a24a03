"""Hostile sources: every bad page, link and feed row is reported with its path (or row) and the
reason, every good source is indexed, nothing hangs or eats memory, and the summary adds up."""

from __future__ import annotations

import json
import os
import threading
import time
import tracemalloc
from pathlib import Path

import pytest
from corpus_pages import program_page, write_small_corpus

from indexer import generations
from indexer import normalize as normalize_module
from indexer.build import BuildOptions, build
from indexer.models import BuildReport
from search_app.query import MultiDictArgs, parse_args
from search_app.search import SearchService

GOOD = 7  # documents in the small corpus


def run_build(
    corpus: Path, index_dir: Path, *, full: bool = False, limit_s: float = 60
) -> BuildReport:
    """Build in a thread so that a hang fails the test instead of stalling the suite."""
    out: list[BuildReport] = []
    failure: list[BaseException] = []

    def target() -> None:
        try:
            out.append(build(BuildOptions([corpus], index_dir, full=full)))
        except BaseException as exc:
            failure.append(exc)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(limit_s)
    assert not thread.is_alive(), f"the build hung for {limit_s} s"
    if failure:
        raise failure[0]
    return out[0]


def by_name(items) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for item in items:
        found.setdefault(Path(item.path.split(" ")[0]).name, []).append(item.reason)
    return found


def titles(index_dir: Path, q: str = "") -> list[str]:
    results = SearchService(index_dir).search(parse_args(MultiDictArgs({"q": q, "per_page": "50"})))
    return sorted(hit.title for hit in results.results)


def page(title: str, body: str = "", head: str = "", charset: str = "utf-8") -> str:
    return (
        f'<!doctype html><html><head><meta charset="{charset}"><title>{title}</title>{head}'
        f"</head><body><main><h1>{title}</h1><p>{body or title + ' training.'}</p></main></body>"
        "</html>"
    )


def ld(text: str) -> str:
    return f'<script type="application/ld+json">{text}</script>'


def test_a_hostile_corpus_is_reported_source_by_source_and_the_rest_indexed(tmp_path):
    corpus = write_small_corpus(tmp_path / "corpus")
    programs = corpus / "programs" / "bad"
    programs.mkdir()
    good_extra = {
        # Wrong or missing encodings still index, with a warning that says what happened.
        "declared-utf8-is-latin1.html": page("Caf\xe9 Welding Course").encode("windows-1252"),
        "declared-latin1-is-utf8.html": page("Café Welding Basics", charset="iso-8859-1").encode(),
        "utf16-with-bom.html": page("Welding in UTF-16").encode("utf-16"),
        "shift-jis.html": page("溶接 Welding Japan", charset="shift_jis").encode("shift_jis"),
        # Broken or hostile JSON-LD: skipped with a warning, the visible text still indexed.
        "broken-json-ld.html": page("Broken JSON-LD Welding", head=ld("{not json")).encode(),
        "deep-json-ld.html": page(
            "Deep JSON-LD Welding", head=ld("[" * 100_000 + "]" * 100_000)
        ).encode(),
        "nested-json-ld.html": page(
            "Nested JSON-LD Welding", head=ld("[" * 40 + "]" * 40)
        ).encode(),
        "huge-array-json-ld.html": page(
            "Huge Array Welding", head=ld(json.dumps(["x"] * 200_000))
        ).encode(),
        "huge-block-json-ld.html": page(
            "Huge Block Welding", head=ld(json.dumps({"@type": "Course", "name": "x" * 1_100_000}))
        ).encode(),
        # Deep markup and a 50,000-digit "length" cost linear time, not hours.
        "deep-markup.html": (
            "<title>Deep Markup Welding</title>" + "<div>" * 30_000 + "x" + "</div>" * 30_000
        ).encode(),
        "endless-length.html": page(
            "Endless Length Welding",
            body="<table><tr><th>Length</th><td>" + "1" * 50_000 + "</td></tr></table>",
        ).encode(),
    }
    for name, data in good_extra.items():
        (programs / name).write_bytes(data)

    bad = {
        "empty.html": b"",
        "blank.html": b" \n\t \n",
        "png.html": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40,
        "controls.html": bytes(range(1, 32)) * 500,
        "no-text.html": b"<html><head></head><body><script>x()</script></body></html>",
        "tag-soup.html": b"<title>Tags</title>" + b"<b>" * 250_000,
    }
    for name, data in bad.items():
        (programs / name).write_bytes(data)
    with (programs / "fifty-mb.html").open("wb") as handle:  # sparse: no disk, 50 MB by size
        handle.write(page("Fifty Megabytes").encode())
        handle.truncate(50 * 1024 * 1024)
    os.mkfifo(programs / "fifo.html")  # would block a reader forever
    (programs / "loop").symlink_to(programs, target_is_directory=True)  # a link loop
    (programs / "self.html").symlink_to(programs / "self.html")  # ELOOP
    (programs / "dangling.html").symlink_to(tmp_path / "nowhere.html")
    secret = tmp_path / "outside.html"
    secret.write_text(page("Secret Outside Page", body="zanzibarsecret"))
    (programs / "outside.html").symlink_to(secret)
    inside = programs / "linked-inside.html"
    inside.symlink_to(corpus / "programs" / "tx" / "houston-cna.html")
    # Same id as programs/tx/houston-cna.html: the second one is reported.
    (corpus / "programs" / "tx" / "houston-cna.htm").write_text(page("Duplicate CNA"))

    started = time.perf_counter()
    report = run_build(corpus, tmp_path / "index")
    seconds = time.perf_counter() - started

    errors = by_name(report.errors)
    assert errors == {
        "empty.html": ["empty file"],
        "blank.html": ["empty file"],
        "png.html": ["binary file, not HTML"],
        "controls.html": ["binary file, not HTML"],
        "no-text.html": ["no title and no text"],
        "tag-soup.html": ["250,002 tags, over the limit of 200,000"],
        "fifty-mb.html": ["page is 50.0 MB, over the 10 MB limit"],
        "fifo.html": ["not a regular file"],
        "self.html": ["cannot read: Too many levels of symbolic links"],
        "dangling.html": ["cannot read: No such file or directory"],
        "outside.html": ["symbolic link to a file outside the corpus"],
        "houston-cna.html": [  # .htm sorts first and wins: the order is stable
            f"duplicate id 'programs/tx/houston-cna', already used by "
            f"{(corpus / 'programs' / 'tx' / 'houston-cna.htm').absolute()}"
        ],
    }, errors
    warnings = by_name(report.warnings)
    assert warnings["declared-utf8-is-latin1.html"] == [
        "declared utf-8 but not valid UTF-8 (byte 59): read as windows-1252"
    ]
    assert warnings["declared-latin1-is-utf8.html"] == [
        "declared charset iso-8859-1 but the bytes are UTF-8: read as UTF-8"
    ]
    assert warnings["broken-json-ld.html"][0].startswith("JSON-LD block 1 is not valid JSON")
    assert warnings["deep-json-ld.html"] == ["JSON-LD block 1 skipped: nested too deeply"]
    for name in ("nested-json-ld.html", "huge-array-json-ld.html"):
        assert warnings[name] == ["JSON-LD block 1 skipped: more than 32 levels or 5000 values"]
    assert warnings["huge-block-json-ld.html"][0].endswith("characters is too large")
    assert warnings["loop"] == ["symbolic link to a directory: not followed"]
    assert "utf16-with-bom.html" not in warnings and "shift-jis.html" not in warnings

    # Every good source is in; the linked page inside the corpus is one more document.
    good = GOOD + len(good_extra) + 1
    assert (report.documents, report.added, report.updated, report.unchanged) == (good, good, 0, 0)
    assert report.documents == report.added + report.updated + report.unchanged
    assert report.failed == len(report.errors) == 12
    found = titles(tmp_path / "index", "welding")
    assert "Café Welding Course" in found and "Café Welding Basics" in found
    assert "Welding in UTF-16" in found and "溶接 Welding Japan" in found
    assert "Deep Markup Welding" in found and "Endless Length Welding" in found
    assert titles(tmp_path / "index", "zanzibarsecret") == []  # nothing read through the link
    assert seconds < 45, f"the hostile corpus took {seconds:.0f} s"


def test_a_fifty_megabyte_page_is_refused_without_being_read(tmp_path):
    corpus = write_small_corpus(tmp_path / "corpus")
    run_build(corpus, tmp_path / "index")  # warm every cache (taxonomy, places, imports)
    with (corpus / "programs" / "big.html").open("wb") as handle:
        handle.write(page("Big").encode())
        handle.truncate(50 * 1024 * 1024)
    tracemalloc.start()
    try:
        report = run_build(corpus, tmp_path / "index", full=True)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert by_name(report.errors) == {"big.html": ["page is 50.0 MB, over the 10 MB limit"]}
    assert report.documents == GOOD
    assert peak < 20 * 1024 * 1024, f"peak {peak / 1048576:.0f} MB: the page was read"


FEED_MAPPING = """
[feed]
id = "id"
id_prefix = "acme"
[fields]
title = "title"
cost = "cost"
duration = "weeks"
city = "city"
state = "state"
careers = "career"
"""


def test_feed_rows_with_missing_or_absurd_values_are_reported_by_row(tmp_path):
    corpus = write_small_corpus(tmp_path / "corpus")
    feeds = corpus / "feeds"
    feeds.mkdir()
    (feeds / "acme.toml").write_text(FEED_MAPPING)
    rows = [
        "id,title,cost,weeks,city,state,career",
        "1,CNA Evening Class,900,6 weeks,Houston,TX,CNA",  # row 2: good
        ",No Id Class,100,4 weeks,Houston,TX,CNA",  # row 3: no id
        "3,,100,4 weeks,Houston,TX,CNA",  # row 4: no title
        "4,Negative Cost Class,-500,4 weeks,Houston,TX,CNA",  # row 5: cost dropped
        '5,Forever Class,100,"10,000 weeks",Houston,TX,CNA',  # row 6: length dropped
        "6,Gold Plated Class,999999999999,P10000W,Houston,ZZ,CNA",  # row 7: cost, length, state
        "1,Same Id Class,100,4 weeks,Houston,TX,CNA",  # row 8: duplicate id
        '7,"' + "x" * 200_000 + '",1,1 week,Houston,TX,CNA',  # row 9: over csv's field limit
        "8,Last Good Class,1200,8 weeks,Dallas,TX,CNA",  # row 10: good
    ]
    (feeds / "acme.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (feeds / "lines.toml").write_text(FEED_MAPPING.replace('"acme"', '"lines"'))
    lines = [
        json.dumps({"id": "a", "title": "JSON Good Class", "cost": 800}),
        "{not json",
        json.dumps(["a", "list"]),
        "[" * 50_000 + "]" * 50_000,
        json.dumps({"id": "big", "title": "Huge Number Class", "cost": 10**400}),
        json.dumps({"id": ["a", "b"], "title": "List Id Class"}),
        json.dumps({"id": "x" * 5000, "title": "Long Id Class"}),
        json.dumps({"id": "nan", "title": "NaN Cost Class", "cost": "NaN", "weeks": "-3 weeks"}),
    ]
    (feeds / "lines.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (feeds / "nomap.csv").write_text("id,title\n1,Orphan\n")

    report = run_build(corpus, tmp_path / "index")

    errors = sorted(
        (
            Path(e.path.split(" ")[0]).name,
            e.path.split(" ", 1)[1] if " " in e.path else "",
            e.reason,
        )
        for e in report.errors
    )
    assert errors == sorted(
        [
            ("acme.csv", "row 3", "no id in column 'id'"),
            ("acme.csv", "row 4", "no title in title"),
            ("acme.csv", "row 8", "duplicate id 'acme/1'"),
            ("acme.csv", "row 9", "not valid CSV: field larger than field limit (131072)"),
            ("lines.jsonl", "line 2", errors_reason(errors, "line 2")),
            ("lines.jsonl", "line 3", "not a JSON object"),
            ("lines.jsonl", "line 4", errors_reason(errors, "line 4")),
            ("lines.jsonl", "line 6", "id in column 'id' is not a short value"),
            ("lines.jsonl", "line 7", "id in column 'id' is not a short value"),
            ("nomap.csv", "", "no column mapping: expected nomap.toml beside the feed"),
        ]
    )
    assert errors_reason(errors, "line 2").startswith("not valid JSON")
    assert errors_reason(errors, "line 4").startswith("not valid JSON")
    warned = {(w.path.removeprefix(f"{feeds}/"), w.reason) for w in report.warnings}
    assert warned >= {
        ("acme.csv id acme/4 (row 5)", "cost '-500' dropped: outside 0-250,000 USD"),
        ("acme.csv id acme/5 (row 6)", "length '10,000 weeks' dropped: over 520 weeks"),
        ("acme.csv id acme/6 (row 7)", "cost '999999999999' dropped: outside 0-250,000 USD"),
        ("acme.csv id acme/6 (row 7)", "length 'P10000W' dropped: over 520 weeks"),
        ("acme.csv id acme/6 (row 7)", "unknown state 'ZZ'"),
        ("lines.jsonl id lines/big (line 5)", "cost a huge number dropped: outside 0-250,000 USD"),
    }, warned
    # The good rows (and the rows whose bad values were dropped) are all indexed.
    feed_docs = {
        "acme/1",
        "acme/4",
        "acme/5",
        "acme/6",
        "acme/8",
        "lines/a",
        "lines/big",
        "lines/nan",
    }
    assert report.documents == GOOD + len(feed_docs)
    assert report.documents == report.added + report.updated + report.unchanged
    assert report.failed == len(report.errors) == 10
    service = SearchService(tmp_path / "index")
    for doc_id in feed_docs:
        assert service.get(doc_id) is not None, doc_id
    forever = service.get("acme/5")
    assert forever.duration_weeks is None and forever.cost_usd == 100


def errors_reason(errors: list[tuple[str, str, str]], where: str) -> str:
    return next(reason for _, label, reason in errors if label == where)


def test_an_unexpected_failure_in_one_source_is_reported_and_the_rest_indexed(
    tmp_path, monkeypatch
):
    corpus = write_small_corpus(tmp_path / "corpus")
    real = normalize_module.normalize

    def fragile(raw, taxonomy):
        if "dallas" in raw.doc_id:
            raise ZeroDivisionError("a bug in the normaliser")
        return real(raw, taxonomy)

    monkeypatch.setattr("indexer.read.normalize", fragile)
    report = run_build(corpus, tmp_path / "index")
    assert [(Path(e.path).name, e.reason) for e in report.errors] == [
        (
            "dallas-phlebotomy.html",
            "could not be indexed (ZeroDivisionError: a bug in the normaliser)",
        )
    ]
    assert report.documents == GOOD - 1 and report.failed == 1


def test_counts_add_up_on_incremental_builds_with_failures(tmp_path):
    corpus = write_small_corpus(tmp_path / "corpus")
    index = tmp_path / "index"
    first = run_build(corpus, index)
    assert first.documents == first.added == GOOD and first.failed == 0
    (corpus / "programs" / "tx" / "houston-cna.html").write_bytes(b"")  # breaks: kept as it was
    (corpus / "programs" / "new.html").write_text(
        program_page(
            "Pipe Welding", career="Welder", provider="P", city="Tulsa", state="OK", cost=1
        )
    )
    (corpus / "programs" / "junk.html").write_bytes(b"\x00junk")
    (corpus / "articles" / "how-to-become-a-phlebotomy-technician.html").unlink()
    second = run_build(corpus, index)
    assert (second.added, second.updated, second.removed) == (1, 0, 1)
    assert second.documents == second.added + second.updated + second.unchanged == GOOD
    assert second.failed == len(second.errors) == 2
    third = run_build(corpus, index)  # nothing changed, the same two still fail
    assert third.failed == len(third.errors) == 2
    assert third.documents == third.added + third.updated + third.unchanged == GOOD
    assert third.generation == second.generation  # failing sources alone publish nothing new
    assert [g.name for g in generations.all_generations(index)][-1] == second.generation
    assert list(index.glob(".build-*")) == []


@pytest.mark.parametrize("size_mb", [10.5, 11])
def test_pages_just_over_the_limit_are_refused(tmp_path, size_mb):
    corpus = write_small_corpus(tmp_path / "corpus")
    big = corpus / "programs" / "big.html"
    with big.open("wb") as handle:
        handle.write(page("Big").encode())
        handle.truncate(int(size_mb * 1024 * 1024))
    report = run_build(corpus, tmp_path / "index")
    assert by_name(report.errors) == {
        "big.html": [f"page is {size_mb:.1f} MB, over the 10 MB limit"]
    }
