"""``python -m bench``: generate a scale corpus, index it, and measure search, HTTP and memory.

Example::

    python -m bench --docs 100000 --json /tmp/bench.json

Each phase that measures time or memory runs in a fresh process, so one phase's caches and peak
RSS do not leak into the next.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from pathlib import Path
from typing import Any

from bench import corpus, http, indexing, inprocess, queries, reference, report
from bench.timing import run_isolated

REPO = Path(__file__).resolve().parent.parent
META = "bench-meta.json"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=10_000, help="documents in the scale corpus")
    parser.add_argument("--queries", type=int, default=2_000, help="requests in the query log")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--workdir", type=Path, default=REPO / "bench" / ".work", help="corpus, index, logs"
    )
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument("--skip-http", action="store_true", help="no gunicorn/wrk run")
    parser.add_argument("--skip-search", action="store_true", help="no in-process search run")
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument("--skip-reference", action="store_true", help="no SQLite/tantivy")
    parser.add_argument(
        "--reuse-index",
        action="store_true",
        help="keep the corpus and index of an earlier run with the same --docs and --seed",
    )
    parser.add_argument(
        "--baseline-queries", type=int, default=150, help="queries per baseline mode (slow)"
    )
    parser.add_argument(
        "--mode-budget",
        type=float,
        default=120.0,
        help="seconds at most per search mode and engine (a fair sample of the log is kept)",
    )
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--duration", type=int, default=20, help="seconds per HTTP run")
    parser.add_argument("--warmup", type=int, default=5, help="seconds of HTTP warm-up")
    parser.add_argument("--target-rps", type=int, default=300)
    parser.add_argument(
        "--http-timeout", type=int, default=10, help="seconds before a request counts as failed"
    )
    parser.add_argument(
        "--report", type=Path, metavar="JSON", help="print the table of a saved result and exit"
    )
    return parser.parse_args(argv)


def _say(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _prepare(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    """Corpus and full build, or the ones an earlier run left (``--reuse-index``)."""
    corpus_dir, index_dir, meta_path = work / "corpus", work / "index", work / META
    wanted = {"docs": args.docs, "seed": args.seed}
    if args.reuse_index and meta_path.is_file():
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if {k: meta.get(k) for k in wanted} == wanted and (index_dir / "CURRENT").is_file():
            _say("reusing the corpus and index of an earlier run")
            meta["reused"] = True
            return dict(meta)
    _say(f"generating {args.docs:,} documents (seed {args.seed})")
    stats = corpus.generate(corpus_dir, corpus.CorpusSpec(args.docs, args.seed), REPO / "corpus")
    _say(f"corpus: {stats.to_json()}")
    _say("full build with indexer.build.build")
    full = run_isolated(indexing.full_build, corpus_dir, index_dir)
    _say(f"full build: {full}")
    meta = {**wanted, "corpus": stats.to_json(), "full": full, "pages": stats.program_pages[:50]}
    meta_path.write_text(json.dumps(meta, indent=1), encoding="utf-8")
    return meta


def _brief(block: dict[str, Any]) -> dict[str, Any]:
    """p50/p95 of each mode, for the progress log."""
    return {
        k: (v["p50_ms"], v["p95_ms"]) if isinstance(v, dict) and "p50_ms" in v else v
        for k, v in block.items()
    }


def _code_under_test() -> dict[str, str]:
    """Where the measured ``indexer`` and ``search_app`` were imported from (PYTHONPATH can point
    the benchmark at a frozen copy while the checkout is being edited)."""
    out: dict[str, str] = {}
    for name in ("indexer", "search_app"):
        spec = importlib.util.find_spec(name)
        out[name] = str(Path(spec.origin).parent) if spec and spec.origin else "?"
    return out


def _token(run: int) -> str:
    letters = "".join(chr(ord("a") + int(d)) for d in f"{run:06d}")
    return f"benchmarker{letters}"


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.report is not None:
        saved = json.loads(args.report.read_text(encoding="utf-8"))
        saved["targets"] = report.targets(saved)
        print(report.table(saved))
        return 0
    work = args.workdir.resolve()
    work.mkdir(parents=True, exist_ok=True)
    corpus_dir, index_dir = work / "corpus", work / "index"
    machine = report.machine()
    meta = _prepare(args, work)
    result: dict[str, Any] = {
        "docs": meta["full"]["documents"],
        "requested_docs": args.docs,
        "seed": args.seed,
        "queries": args.queries,
        "corpus": meta["corpus"],
    }
    index = {
        k: meta["full"][k]
        for k in (
            "full_docs_per_s",
            "parse_docs_per_s",
            "write_docs_per_s",
            "workers",
            "assemble_s",
            "segments",
            "seconds",
            "index_mb",
            "peak_rss_mb",
            "errors",
            "warnings",
        )
        if k in meta["full"]
    }
    _say("parse-only rate on a sample")
    index["parse"] = run_isolated(indexing.parse_rate, corpus_dir)
    run = int(meta.get("changes", 0)) + 1
    meta["changes"] = run
    (work / META).write_text(json.dumps(meta, indent=1), encoding="utf-8")
    page = meta["pages"][run % len(meta["pages"])]
    _say(f"incremental build after editing {page}")
    incremental = run_isolated(
        indexing.incremental_one_file, corpus_dir, index_dir, page, _token(run)
    )
    index["incremental_one_file_s"] = incremental["incremental_one_file_s"]
    index["incremental"] = incremental
    result["index"] = index
    _say(f"index: {index}")

    careers = corpus.load_careers(corpus_dir / "careers.toml")
    log = queries.generate_log(careers, args.queries, args.seed)
    log_path, paths = work / "queries.jsonl", work / "paths.txt"
    queries.write_log(log_path, log)
    queries.write_paths(paths, log)
    result["query_log"] = queries.summarize(log)

    if not args.skip_search:
        _say("in-process search through SearchService")
        result["search"] = run_isolated(
            inprocess.run_service, index_dir, log_path, args.mode_budget
        )
        _say(f"search: {_brief(result['search'])}")
    if not args.skip_baseline:
        _say("baseline: fresh searcher per query, groupedby facets")
        result["baseline"] = run_isolated(
            inprocess.run_baseline, index_dir, log_path, args.baseline_queries, args.mode_budget
        )
        _say(f"baseline: {_brief(result['baseline'])}")
    result["reference"] = {}
    if not args.skip_reference:
        _say("reference: SQLite FTS5")
        result["reference"]["sqlite_fts5"] = run_isolated(
            reference.run_sqlite, index_dir, log_path, work, args.mode_budget
        )
        _say(f"sqlite: {_brief(result['reference']['sqlite_fts5'])}")
        if importlib.util.find_spec("tantivy") is not None:
            _say("reference: tantivy")
            result["reference"]["tantivy"] = run_isolated(
                reference.run_tantivy, index_dir, log_path, work, args.mode_budget
            )
            _say(f"tantivy: {_brief(result['reference']['tantivy'])}")
        else:
            result["reference"]["tantivy"] = None
    if not args.skip_http:
        spec = http.LoadSpec(
            args.connections,
            args.threads,
            args.duration,
            args.warmup,
            args.target_rps,
            timeout_s=args.http_timeout,
        )
        _say(f"HTTP: {spec}")
        result["http"] = http.run_http(index_dir, paths, work, spec)
        _say(f"http: {result['http']}")
    result["peak_rss_mb"] = {
        "gunicorn_worker_max": result["http"]["peak_rss_mb"] if "http" in result else None,
        "inprocess_search": result["search"]["peak_rss_mb"] if "search" in result else None,
        "index_build": index["peak_rss_mb"],
    }
    result["machine"] = machine
    result["code"] = _code_under_test()
    result["targets"] = report.targets(result)
    text = report.table(result)
    print(text)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        _say(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
