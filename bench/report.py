"""The targets from the issue, the machine, and the printed table."""

from __future__ import annotations

import os
import platform
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

MODES = ("plain", "facets", "filters", "highlight", "suggest", "mix")


def machine() -> dict[str, Any]:
    model = ""
    for line in Path("/proc/cpuinfo").read_text(errors="replace").splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    mem_kb = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            mem_kb = int(line.split()[1])
    versions = {}
    for dist in ("whoosh", "flask", "gunicorn", "tantivy"):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            continue
    return {
        "cores": os.cpu_count(),
        "cpu": model,
        "memory_gb": round(mem_kb / 1048576, 1),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "load_avg_at_start": [round(x, 2) for x in os.getloadavg()],
        "versions": versions,
    }


def _get(data: dict[str, Any], *keys: str) -> Any:
    value: Any = data
    for key in keys:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def _target(
    value: Any, limit: float, *, at_most: bool = True, missing_fails: bool = False
) -> dict[str, Any]:
    """``met`` is None when the figure was not measured, or False when ``missing_fails`` (an
    HTTP run where no request was answered in time has no latency to show)."""
    if value is None:
        met = False if missing_fails else None
    else:
        met = value <= limit if at_most else value >= limit
    return {"value": value, "limit": limit, "op": "<=" if at_most else ">=", "met": met}


def targets(result: dict[str, Any]) -> dict[str, Any]:
    """Each target of the issue (100k docs, 2 cores) with the measured value and met or not."""
    out: dict[str, Any] = {
        "facets_p50_ms": _target(_get(result, "search", "facets", "p50_ms"), 10),
        "facets_p95_ms": _target(_get(result, "search", "facets", "p95_ms"), 40),
        "suggest_p50_ms": _target(_get(result, "search", "suggest", "p50_ms"), 2),
        "full_index_docs_per_s": _target(
            _get(result, "index", "full_docs_per_s"), 2000, at_most=False
        ),
        "incremental_one_file_s": _target(_get(result, "index", "incremental_one_file_s"), 1.0),
    }
    http = result.get("http")
    if http:
        paced = http["paced"]
        errors = http["saturated"]["errors"] + paced["errors"]
        out["http_rps"] = _target(http["saturated"]["rps"], 300, at_most=False)
        out["http_p50_ms_at_300rps"] = _target(paced["p50_ms"], 5, missing_fails=True)
        out["http_p99_ms_at_300rps"] = _target(paced["p99_ms"], 50, missing_fails=True)
        out["http_paced_rps_reached"] = _target(paced["rps"], 300 * 0.95, at_most=False)
        out["http_errors"] = _target(errors, 0)
        out["worker_peak_rss_mb"] = _target(http["peak_rss_mb"], 700)
    else:
        out["inprocess_peak_rss_mb"] = _target(_get(result, "search", "peak_rss_mb"), 700)
    return out


def _ms(value: float) -> str:
    return f"{value:.2f}" if value < 10 else f"{value:.1f}" if value < 100 else f"{value:,.0f}"


def _cell(block: Any) -> str:
    if not isinstance(block, dict) or "p50_ms" not in block:
        return "—"
    return " / ".join(_ms(block[k]) for k in ("p50_ms", "p95_ms", "p99_ms"))


def _num(value: Any, fmt: str = "{:,.0f}") -> str:
    return "—" if value is None else fmt.format(value)


def table(result: dict[str, Any]) -> str:
    """The whole result as a readable text table."""
    ref = result.get("reference", {})
    engines = [
        ("ours (SearchService)", result.get("search", {})),
        ("baseline (naive Whoosh)", result.get("baseline", {})),
        ("SQLite FTS5", ref.get("sqlite_fts5", {})),
        ("tantivy", ref.get("tantivy", {})),
    ]
    engines = [(name, data) for name, data in engines if data]
    width = 27
    lines = [
        f"course-search benchmark: {result['docs']:,} documents, {result['queries']:,} requests "
        f"in the log, seed {result['seed']}",
        f"machine: {result['machine']['cores']} cores, {result['machine']['cpu']}, "
        f"Python {result['machine']['python']}, load avg at start "
        f"{result['machine']['load_avg_at_start']}",
        "",
        "search, in process, uncached: p50 / p95 / p99 ms",
        "mode".ljust(10) + "".join(name.ljust(width) for name, _ in engines),
    ]
    for mode in MODES:
        cells = [_cell(data.get(mode)) for _, data in engines]
        lines.append(mode.ljust(10) + "".join(c.ljust(width) for c in cells))
    index = result.get("index", {})
    lines += [
        "",
        "indexing",
        f"  full build (parse + write): {_num(index.get('full_docs_per_s'))} docs/s "
        f"({_num(index.get('seconds'), '{:.0f}')} s, index {_num(index.get('index_mb'))} MB, "
        f"builder peak RSS {_num(index.get('peak_rss_mb'))} MB)",
        f"  stages, {_num(index.get('workers'))} workers side by side: parse + normalise "
        f"{_num(index.get('parse_docs_per_s'))} docs/s, write "
        f"{_num(index.get('write_docs_per_s'))} docs/s, joining their segments "
        f"{_num(index.get('assemble_s'), '{:.2f}')} s; segments after the merge: "
        f"{_num(index.get('segments'))}",
        f"  parse + normalise only: feed rows {_num(_get(index, 'parse', 'feed_rows_per_s'))}/s,"
        f" HTML pages {_num(_get(index, 'parse', 'html_pages_per_s'))}/s",
        f"  one changed page until searchable: "
        f"{_num(index.get('incremental_one_file_s'), '{:.2f}')} s (build "
        f"{_num(_get(index, 'incremental', 'incremental_build_s'), '{:.2f}')} s; a new service "
        f"opening it and answering a first query: "
        f"{_num(_get(index, 'incremental', 'open_snapshot_s'), '{:.2f}')} s)",
    ]
    for name, data in (("SQLite FTS5", ref.get("sqlite_fts5")), ("tantivy", ref.get("tantivy"))):
        if not data:
            continue
        theirs, ours = data.get("full_docs_per_s"), index.get("full_docs_per_s")
        ratio = f" (ours: {ours / theirs:.2f}× of it)" if theirs and ours else ""
        lines.append(f"  {name} build from normalised docs: {_num(theirs)} docs/s{ratio}")
    http = result.get("http")
    if http:
        sat, paced = http["saturated"], http["paced"]
        lines += [
            "",
            f"HTTP ({http['tool']}, {http['concurrency']} connections, {http['threads']} threads, "
            f"{http['warmup_s']} s warm-up, {http['duration_s']} s per run, "
            f"{http['workers']} gunicorn workers)",
            f"  saturated: {sat['rps']:,.1f} req/s, p50 {_num(sat['p50_ms'], '{:.1f}')} ms, "
            f"p99 {_num(sat['p99_ms'], '{:.1f}')} ms, errors {sat['errors']} "
            f"{sat.get('errors_detail', '')}",
            f"  paced to ~{paced['target_rps']} req/s: {paced['rps']:,.1f} req/s, "
            f"p50 {_num(paced['p50_ms'], '{:.1f}')} ms, p99 {_num(paced['p99_ms'], '{:.1f}')} ms, "
            f"errors {paced['errors']}",
        ]
        light = http.get("light")
        if light:
            lines.append(
                f"  light ({light['connections']} connections, {light['timeout_s']} s timeout): "
                f"{light['rps']:,.1f} req/s, p50 {_num(light['p50_ms'], '{:.1f}')} ms, "
                f"p99 {_num(light['p99_ms'], '{:.1f}')} ms, errors {light['errors']}"
            )
        lines.append(f"  worker peak RSS: {http['worker_peak_rss_mb']} MB")
    lines += [
        "",
        f"peak RSS (MB): {result.get('peak_rss_mb')}",
        "",
        "targets (100k docs, 2 cores)",
    ]
    for name, t in result.get("targets", {}).items():
        mark = {True: "met", False: "NOT met", None: "not measured"}[t["met"]]
        if t["value"] is None and t["met"] is False:
            mark = "NOT met (no request answered in time)"
        lines.append(f"  {name:<28} {t['value']!s:>10} {t['op']} {t['limit']:<8} {mark}")
    return "\n".join(lines) + "\n"
