"""``python -m bench.query_log``: search latency with the query log on and off, side by side.

Each run builds a fresh app (a cold result cache, a new log file) in this process and sends the
bench query log's searches through the whole request path (``/api/v1/search`` with Flask's test
client: parsing, the search, JSON, and with the log on, the record and its writer thread, which
shares the process as it does in a gunicorn worker). Runs alternate on/off so drift on a shared
machine falls on both; the figures are per-run p50/p95 and their medians.

    python -m bench.query_log --docs 2000 --queries 600 --runs 5
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import corpus, queries
from bench.timing import summarize_ms

REPO = Path(__file__).resolve().parent.parent
WARMUP = 30


def prepare(workdir: Path, docs: int, count: int, seed: int) -> tuple[Path, list[str]]:
    """The scale corpus built into an index (kept between runs), and the search request paths."""
    from indexer.build import BuildOptions, build

    index_dir = workdir / "index"
    marker = workdir / f"built-{docs}-{seed}"
    if not marker.exists():
        shutil.rmtree(workdir, ignore_errors=True)
        corpus.generate(
            workdir / "corpus", corpus.CorpusSpec(docs=docs, seed=seed), REPO / "corpus"
        )
        report = build(BuildOptions([workdir / "corpus"], index_dir, full=True))
        if not report.ok:
            raise SystemExit(f"build failed: {report.errors[:3]}")
        marker.write_text("ok\n", encoding="utf-8")
    careers = corpus.load_careers(REPO / "corpus" / "careers.toml")
    log = queries.generate_log(careers, count, seed)
    return index_dir, [q.path() for q in log if not q.is_suggest]


def one_run(index_dir: Path, paths: list[str], log_on: bool, db: Path) -> dict[str, Any]:
    from search_app import create_app
    from search_app.query_log import log_of

    app = create_app(
        {
            "INDEX_DIR": str(index_dir),
            "QUERY_LOG": "on" if log_on else "off",
            "QUERY_LOG_PATH": str(db),
            "RATE_LIMIT": "off",
        }
    )
    client = app.test_client()
    for path in paths[:WARMUP]:
        client.get(path)
    timed: list[float] = []
    for path in paths:
        started = time.perf_counter()
        response = client.get(path)
        timed.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"{path}: HTTP {response.status_code}")
    figures = summarize_ms(timed)
    log = log_of(app)
    if log is not None:
        log.close()
        con = sqlite3.connect(db)
        try:
            figures["records"] = con.execute("SELECT count(*) FROM searches").fetchone()[0]
        finally:
            con.close()
        if figures["records"] != WARMUP + len(paths):
            raise SystemExit(f"the log holds {figures['records']} of {WARMUP + len(paths)}")
    app.extensions["search"].close()
    return figures


def record_cost_us(index_dir: Path, db: Path, calls: int = 5_000) -> float:
    """Median over five batches of what one search's record costs its request (building the
    record and queueing it), in microseconds, with the writer thread running."""
    from search_app import create_app
    from search_app.query import MultiDictArgs, parse_args
    from search_app.query_log import log_of, record_search
    from search_app.search import service_of

    app = create_app({"INDEX_DIR": str(index_dir), "QUERY_LOG": "on", "QUERY_LOG_PATH": str(db)})
    batches: list[float] = []
    with app.test_request_context():
        query = parse_args(MultiDictArgs({"q": "phlebotomy houston", "career": "Welder"}))
        results = service_of().search(query)
        for _ in range(5):
            started = time.perf_counter()
            for _ in range(calls):
                record_search("api", query, results)
            batches.append((time.perf_counter() - started) / calls * 1e6)
            log = log_of(app)
            assert log is not None and log.flush(60)
    log = log_of(app)
    if log is not None:
        log.close()
    service_of(app).close()
    return statistics.median(batches)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.query_log", description=__doc__)
    parser.add_argument("--docs", type=int, default=2_000)
    parser.add_argument(
        "--queries", type=int, default=600, help="requests generated (~70%% searches)"
    )
    parser.add_argument("--runs", type=int, default=5, help="runs per mode, alternating")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--workdir", type=Path, default=REPO / "bench" / ".work" / "query-log")
    parser.add_argument("--json", type=Path, help="write every figure here")
    args = parser.parse_args(argv)
    index_dir, paths = prepare(args.workdir, args.docs, args.queries, args.seed)
    print(
        f"{args.docs} documents, {len(paths)} searches a run, {args.runs} runs per mode",
        file=sys.stderr,
    )
    runs: dict[str, list[dict[str, Any]]] = {"on": [], "off": []}
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(args.runs):
            order = ("on", "off") if n % 2 == 0 else ("off", "on")
            for mode in order:
                db = Path(tmp) / f"run-{n}-{mode}.sqlite"
                runs[mode].append(one_run(index_dir, paths, mode == "on", db))
                print(f"run {n + 1} log {mode}: p50 {runs[mode][-1]['p50_ms']} ms", file=sys.stderr)
    print(f"{'run':>4}  {'log on p50/p95 ms':>18}  {'log off p50/p95 ms':>18}")
    for n, (on, off) in enumerate(zip(runs["on"], runs["off"], strict=True), start=1):
        on_text = f"{on['p50_ms']:>8.3f} / {on['p95_ms']:<7.3f}"
        print(f"{n:>4}  {on_text}  {off['p50_ms']:>8.3f} / {off['p95_ms']:<7.3f}")
    medians = {
        mode: {k: statistics.median(r[k] for r in rs) for k in ("p50_ms", "p95_ms", "mean_ms")}
        for mode, rs in runs.items()
    }
    ratio = medians["on"]["p50_ms"] / medians["off"]["p50_ms"]
    print(
        f"median  {medians['on']['p50_ms']:>8.3f} / {medians['on']['p95_ms']:<7.3f}  "
        f"{medians['off']['p50_ms']:>8.3f} / {medians['off']['p95_ms']:<7.3f}"
    )
    print(f"p50 with the log / without: {ratio:.3f} ({(ratio - 1) * 100:+.1f}%)")
    with tempfile.TemporaryDirectory() as tmp:
        cost = record_cost_us(index_dir, Path(tmp) / "cost.sqlite")
    share = cost / 1000 / medians["off"]["p50_ms"] * 100
    print(
        f"one record on the request path: {cost:.1f} µs ({share:.2f}% of the p50 without the log)"
    )
    if args.json:
        args.json.write_text(
            json.dumps(
                {"runs": runs, "medians": medians, "p50_ratio": ratio, "record_us": cost},
                indent=2,
            ),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
