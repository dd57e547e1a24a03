"""A full build shared among worker processes indexes exactly what one process indexes, reports
the same problems in the same order, and its workers never hold the build lock."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

from test_build_writer import index_content

from indexer import generations
from indexer.build import BuildOptions, build
from search_app.query import MultiDictArgs, parse_args
from search_app.search import SearchService

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # bench/ is not an installed package: it runs from the checkout
    sys.path.insert(0, str(REPO))

from bench.corpus import CorpusSpec, generate  # noqa: E402


def clean_corpus(root: Path) -> Path:
    """A generated corpus: feeds (big enough to be shared among workers) and pages."""
    corpus = root / "corpus"
    generate(corpus, CorpusSpec(docs=400, seed=11, html_share=0.25), REPO / "corpus")
    return corpus


def messy_corpus(root: Path) -> list[Path]:
    """The generated corpus with bad rows, a broken page and a duplicate id."""
    corpus = clean_corpus(root)
    feed = corpus / "feeds" / "scale.jsonl"
    rows = [json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines()]
    rows[5]["program_name"] = ""  # no title: an error for that row
    rows[17]["total_cost"] = "$9,999,999"  # absurd: a warning, the row is indexed
    rows[18]["total_cost"] = -5
    # Rows repeating an earlier row's id, which workers reading alternate lines cannot see:
    # the earlier row in the other share, in the same share, a third time, and a repeat that
    # would have had a warning (not reported: the row is dropped before it is normalised).
    rows[31]["program_id"] = rows[30]["program_id"]
    rows[40]["program_id"] = rows[41]["program_id"]
    rows[52]["program_id"] = rows[53]["program_id"] = rows[50]["program_id"]
    rows[61]["program_id"] = rows[60]["program_id"]
    rows[61]["total_cost"] = "$9,999,999"
    rows[64]["program_id"] = rows[5]["program_id"]  # the first row of this id had no title
    lines = [json.dumps(r) for r in rows]
    lines[70:70] = ["not json {", "[1, 2]", ""]
    feed.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    pages = sorted((corpus / "programs").rglob("*.html"))
    pages[3].write_bytes(b"\x00\x01 not a page")
    other = root / "other"  # a second corpus with a page of the same id as one of the first
    copy = other / pages[4].relative_to(corpus)
    copy.parent.mkdir(parents=True)
    shutil.copyfile(pages[4], copy)
    return [corpus, other]


def children_holding(path: Path) -> tuple[int, list[int]]:
    """How many child processes this process has, and which of them have ``path`` open."""
    children, holders = 0, []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            status = (proc / "status").read_text()
            ppid = next(int(line.split()[1]) for line in status.splitlines() if line[:5] == "PPid:")
            if ppid != os.getpid():
                continue
            children += 1
            fds = [os.readlink(fd) for fd in (proc / "fd").iterdir()]
        except (OSError, StopIteration):
            continue
        if str(path) in fds:
            holders.append(int(proc.name))
    return children, holders


def test_workers_index_what_one_process_indexes(tmp_path):
    corpora = messy_corpus(tmp_path)
    one = build(BuildOptions(corpora, tmp_path / "one", full=True, workers=1))

    seen: list[tuple[int, list[int]]] = []
    progress: list[tuple[int, int]] = []
    lock = tmp_path / "two" / ".lock"

    def watch(done: int, total: int) -> None:
        progress.append((done, total))
        if len(seen) < 3:
            seen.append(children_holding(lock))

    two = build(BuildOptions(corpora, tmp_path / "two", full=True, workers=2, progress=watch))

    assert one.documents > 350
    assert (two.documents, two.added, two.failed) == (one.documents, one.added, one.failed)
    assert [(e.path, e.reason) for e in two.errors] == [(e.path, e.reason) for e in one.errors]
    assert [(w.path, w.reason) for w in two.warnings] == [(w.path, w.reason) for w in one.warnings]
    reasons = " | ".join(e.reason for e in two.errors)
    assert "no title" in reasons and "not valid JSON" in reasons and "not a JSON object" in reasons
    feed_path = str(corpora[0] / "feeds" / "scale.jsonl")
    repeats = [
        e.path for e in two.errors if e.path.startswith(feed_path) and "duplicate" in e.reason
    ]
    assert repeats == [f"{feed_path} line {n}" for n in (32, 42, 53, 54, 62)]
    assert sum(w.path.startswith(f"{feed_path} id") for w in two.warnings) == 2
    assert any("already used by" in e.reason for e in two.errors)  # the page in two corpora
    assert any("cost" in w.reason for w in two.warnings)

    # Worker processes were running, and none of them had the build lock open.
    assert seen and any(children for children, _ in seen)
    assert all(not holders for _, holders in seen)
    assert progress[-1] == (progress[-1][1], progress[-1][1])

    live_one, live_two = (
        generations.current(tmp_path / "one"),
        generations.current(tmp_path / "two"),
    )
    assert live_one is not None and live_two is not None
    manifest_one, manifest_two = live_one.manifest(), live_two.manifest()
    for key in ("sources", "places", "documents"):
        assert manifest_two[key] == manifest_one[key], key
    assert (live_two.path / "vocabulary.json").read_text() == (
        live_one.path / "vocabulary.json"
    ).read_text()
    assert not (live_two.path / ".parts").exists()
    for q in ("phlebotomy", "pharmacy technician houston", "cna online", "welding"):
        args = parse_args(MultiDictArgs({"q": q, "per_page": "50"}))
        hits_one = SearchService(tmp_path / "one").search(args)
        hits_two = SearchService(tmp_path / "two").search(args)
        assert hits_two.total == hits_one.total, q
        assert {h.id for h in hits_two.results} == {h.id for h in hits_one.results}, q


def ranked(index_dir: Path, q: str) -> list[tuple[float, str]]:
    """Every hit as (score, id), sorted: equal scores are ordered by document number, which
    differs between one segment and several."""
    args = parse_args(MultiDictArgs({"q": q, "per_page": "50"}))
    return sorted((round(h.score, 6), h.id) for h in SearchService(index_dir).search(args).results)


def test_workers_build_the_same_index_and_ranking(tmp_path):
    corpus = clean_corpus(tmp_path)
    one = build(BuildOptions([corpus], tmp_path / "one", full=True, workers=1))
    two = build(BuildOptions([corpus], tmp_path / "two", full=True, workers=2))
    assert one.ok and two.ok and two.documents == one.documents == 400
    live_one, live_two = (
        generations.current(tmp_path / "one"),
        generations.current(tmp_path / "two"),
    )
    assert live_one is not None and live_two is not None
    segments = {p.name.split(".")[0] for p in live_two.path.glob("MAIN_*.trm")}
    assert len(segments) == 2  # one segment per worker
    assert index_content(live_two.path) == index_content(live_one.path)
    for q in ("phlebotomy", "pharmacy technician houston", "cna online", "welding", "salary"):
        assert ranked(tmp_path / "two", q) == ranked(tmp_path / "one", q), q

    # The next, incremental, build starts from the workers' segments as from any other.
    page = sorted((corpus / "programs").rglob("*.html"))[10]
    page.write_text(page.read_text().replace("</h1>", " Zebrafinch</h1>", 1))
    again = build(BuildOptions([corpus], tmp_path / "two"))
    assert not again.full and again.updated == 1
    args = parse_args(MultiDictArgs({"q": "zebrafinch"}))
    assert [h.id for h in SearchService(tmp_path / "two").search(args).results] == [
        str(page.relative_to(corpus).with_suffix(""))
    ]
