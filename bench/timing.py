"""Percentiles, peak memory and running a phase in a fresh process (so its memory is its own)."""

from __future__ import annotations

import multiprocessing
import resource
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def percentile(sorted_values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile of already sorted values (0 for no values)."""
    if not sorted_values:
        return 0.0
    rank = max(1, -(-len(sorted_values) * pct // 100))
    return float(sorted_values[min(len(sorted_values), int(rank)) - 1])


def summarize_ms(seconds: Sequence[float]) -> dict[str, Any]:
    """p50/p95/p99/mean/max in milliseconds, and the number of samples."""
    values = sorted(s * 1000 for s in seconds)
    mean = sum(values) / len(values) if values else 0.0
    return {
        "n": len(values),
        "p50_ms": round(percentile(values, 50), 3),
        "p95_ms": round(percentile(values, 95), 3),
        "p99_ms": round(percentile(values, 99), 3),
        "mean_ms": round(mean, 3),
        "max_ms": round(values[-1], 3) if values else 0.0,
    }


def time_each(
    items: Sequence[T], fn: Callable[[T], object], budget_s: float | None = None
) -> list[float]:
    """Wall time of ``fn(item)`` for each item, in seconds, stopping once ``budget_s`` is spent."""
    out: list[float] = []
    clock = time.perf_counter
    deadline = clock() + budget_s if budget_s else float("inf")
    for item in items:
        started = clock()
        fn(item)
        finished = clock()
        out.append(finished - started)
        if finished > deadline:
            break
    return out


def peak_rss_mb() -> float:
    """This process's peak resident set size (Linux reports ru_maxrss in KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def run_isolated(fn: Callable[..., T], *args: Any) -> T:
    """``fn(*args)`` in a fresh interpreter: its imports, caches and peak RSS are its own."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(fn, *args).result()
