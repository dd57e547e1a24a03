"""Index build figures: full build rate (and its parse and write stages apart, with the segment
count after the merge), parse-only rate, one changed page until searchable."""

from __future__ import annotations

import itertools
import resource
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.corpus import ARTICLE_FEED, FEED, change_page
from bench.timing import peak_rss_mb


def _dir_mb(path: Path) -> float:
    return round(sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1048576, 1)


def full_build(corpus: Path, index_dir: Path) -> dict[str, Any]:
    """A full build with the real indexer into an empty index directory."""
    from indexer import generations
    from indexer.build import BuildOptions, build

    if index_dir.exists():
        shutil.rmtree(index_dir)
    started = time.perf_counter()
    report = build(BuildOptions([corpus], index_dir, full=True))
    seconds = time.perf_counter() - started
    live = generations.current(index_dir)
    timings = report.timings
    workers = int(timings.get("workers", 1))

    def rate(stage: str) -> float | None:
        """Documents per second of one stage alone, its workers side by side."""
        busy = timings.get(stage, 0.0) / max(1, workers)
        return round(report.documents / busy, 1) if busy else None

    return {
        "documents": report.documents,
        "seconds": round(seconds, 2),
        "full_docs_per_s": round(report.documents / seconds, 1),
        "parse_docs_per_s": rate("parse"),
        "write_docs_per_s": rate("write"),
        "workers": workers,
        "assemble_s": timings.get("assemble"),
        "segments": timings.get("segments"),
        "errors": len(report.errors),
        "warnings": len(report.warnings),
        "first_errors": [f"{e.path}: {e.reason}" for e in report.errors[:5]],
        "generation": report.generation,
        "index_mb": _dir_mb(live.path) if live else 0.0,
        "peak_rss_mb": peak_rss_mb(),
        # A full build shares its work among worker processes: the biggest one's peak.
        "workers_peak_rss_mb": round(
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1
        ),
    }


def parse_rate(corpus: Path, rows: int = 3000, pages: int = 300) -> dict[str, Any]:
    """Parse + normalise only (no index writes), on a sample: where the build's time goes."""
    from indexer.collect import load_corpus_taxonomy
    from indexer.read import read_source
    from indexer.sources import discover

    taxonomy = load_corpus_taxonomy([corpus])
    with tempfile.TemporaryDirectory(prefix="bench-parse-") as tmp:
        sample = Path(tmp)
        (sample / "feeds").mkdir()
        for name in (FEED, ARTICLE_FEED):
            shutil.copyfile(corpus / "feeds" / f"{name}.toml", sample / "feeds" / f"{name}.toml")
            share = rows if name == FEED else max(1, rows // 10)
            with (corpus / "feeds" / f"{name}.jsonl").open(encoding="utf-8") as src:
                head = "".join(itertools.islice(src, share))
            (sample / "feeds" / f"{name}.jsonl").write_text(head, encoding="utf-8")
        feeds = [s for s in discover([sample]).sources if s.kind_hint == "feed"]
        html = [s for s in discover([corpus]).sources if s.kind_hint != "feed"][:pages]
        started = time.perf_counter()
        feed_docs = sum(len(read_source(s, taxonomy).documents) for s in feeds)
        feed_s = time.perf_counter() - started
        started = time.perf_counter()
        page_docs = sum(len(read_source(s, taxonomy).documents) for s in html)
        page_s = time.perf_counter() - started
    return {
        "feed_rows_per_s": round(feed_docs / feed_s, 1) if feed_s else 0.0,
        "html_pages_per_s": round(page_docs / page_s, 1) if page_s else 0.0,
        "sample_feed_rows": feed_docs,
        "sample_pages": page_docs,
    }


def incremental_one_file(corpus: Path, index_dir: Path, page: str, token: str) -> dict[str, Any]:
    """Edit one program page, build incrementally, and poll a warm SearchService (as a server
    has) until a search for the new word finds the page: that whole time is the figure."""
    from indexer import generations
    from indexer.build import BuildOptions, build
    from search_app.query import MultiDictArgs, parse_args
    from search_app.search import SearchService

    service = SearchService(index_dir)
    service.search(parse_args(MultiDictArgs({"q": "phlebotomy"})))  # a serving, warm snapshot
    wanted = parse_args(MultiDictArgs({"q": token}))
    started = time.perf_counter()
    change_page(corpus / page, token)
    report = build(BuildOptions([corpus], index_dir))
    built = time.perf_counter() - started
    found = 0
    while time.perf_counter() - started < 300:
        found = service.search(wanted).total
        if found:
            break
        time.sleep(0.01)
    live_s = time.perf_counter() - started
    live = generations.current(index_dir)
    open_s = None
    if live is not None:  # what a server pays to open and warm the new generation
        opened = time.perf_counter()
        fresh = SearchService(index_dir)
        fresh.search(parse_args(MultiDictArgs({"q": "phlebotomy"})))
        open_s = round(time.perf_counter() - opened, 3)
    return {
        "incremental_one_file_s": round(live_s, 3),
        "incremental_build_s": round(built, 3),
        "open_snapshot_s": open_s,
        "found": found,
        "full": report.full,
        "updated": report.updated,
        "added": report.added,
        "errors": len(report.errors),
        "generation": report.generation,
    }
