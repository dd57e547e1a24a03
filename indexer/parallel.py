"""A full build's parse and write in worker processes: the plan of who reads what, and the pool.

Each worker is given a share of the sources (balanced by bytes; a big feed is shared by every
worker, each parsing, normalising and writing every n-th row: a CSV file is read whole by each,
as a record may span lines) and runs a backend's function on it; this
module knows nothing of what the function writes. Workers are started fresh ("spawn"), not
forked, so none inherits the build lock's descriptor: a build killed with -9 releases the lock at
once (and its workers stop at their next source, seeing it gone).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import threading
import time
import types
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_EXCEPTION, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from indexer.models import Source
from indexer.read import SourceResult

# A full build with more than this much to read is shared among worker processes, and a feed
# bigger than FEED_SHARE_MIN_BYTES is shared by all of them, each indexing every n-th row.
PARALLEL_MIN_BYTES = 4 << 20
FEED_SHARE_MIN_BYTES = 64 << 10
Progress = Callable[[int, int], None]


@dataclass
class Task:
    """One source, or one share of a feed's rows, for a worker."""

    order: int  # the source's place in the build's list
    source: Source
    share: int = 0
    shares: int = 1


@dataclass
class TaskDone:
    order: int
    share: int
    result: SourceResult  # its documents stay in the worker: see ``docs``
    # (docnum in the worker's part, feed row, id, location, lat, lon, vocabulary words)
    docs: list[tuple[int, int, str, str | None, float | None, float | None, tuple[str, ...]]]


def worker_count(requested: int | None, full: bool, todo: list[tuple[Source, str]]) -> int:
    """Worker processes for a build: one for an incremental build or a small one; else the
    requested number, or the CPU count (at most 8)."""
    if requested is not None:
        return max(1, requested) if full else 1
    if not full or sum(s.size for s, _ in todo) < PARALLEL_MIN_BYTES:
        return 1
    return max(1, min(os.cpu_count() or 1, 8))


def plan(todo: list[tuple[Source, str]], workers: int) -> list[list[Task]]:
    """Each worker's tasks, balanced by bytes; a big feed is split into one share per worker."""
    tasks: list[tuple[float, Task]] = []
    for order, (source, _) in enumerate(todo):
        if source.kind_hint == "feed" and source.size >= FEED_SHARE_MIN_BYTES:
            tasks.extend(
                (source.size / workers, Task(order, source, k, workers)) for k in range(workers)
            )
        else:
            tasks.append((float(source.size), Task(order, source)))
    plans: list[list[Task]] = [[] for _ in range(workers)]
    loads = [0.0] * workers
    for size, task in sorted(tasks, key=lambda t: -t[0]):
        # A feed's shares go to different workers; everything else to the least loaded one.
        k = task.share if task.shares > 1 else loads.index(min(loads))
        plans[k].append(task)
        loads[k] += size
    return plans


_progress_queue: Any = None


def _init_worker(queue: Any, build_pid: int, build_dir: Path) -> None:
    """In each worker: where to report finished sources, and a watchdog that ends the worker
    when its build is gone (killed: the worker is re-parented; failed or interrupted: its build
    directory was removed), rather than letting it index to the end for nobody."""
    global _progress_queue
    _progress_queue = queue

    def watch() -> None:
        while os.getppid() == build_pid and build_dir.is_dir():
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="build-watchdog", daemon=True).start()


def task_finished(order: int) -> None:
    """In a worker: tell the build a task is done (its progress bar)."""
    if _progress_queue is not None:
        _progress_queue.put(order)


@contextlib.contextmanager
def _main_module_hidden() -> Iterator[None]:
    """While workers are started: a spawned worker runs the parent's ``__main__`` script again
    (to find functions defined there) unless there seems to be none. A caller's script without
    an ``if __name__ == "__main__"`` guard would build again in every worker; the workers only
    need this module."""
    main = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        if main is not None:
            sys.modules["__main__"] = main


def run(
    plans: list[list[Task]],
    work: Callable[..., Any],
    args: list[tuple[Any, ...]],
    build_dir: Path,
    total: int,
    progress: Progress | None,
) -> list[Any]:
    """``work(plan, *args[k])`` for each plan in its own worker process; what each returned."""
    context = multiprocessing.get_context("spawn")
    queue = context.SimpleQueue()
    pending_shares = {task.order: task.shares for p in plans for task in p}
    finished = 0
    executor = ProcessPoolExecutor(
        max_workers=len(plans),
        mp_context=context,
        initializer=_init_worker,
        initargs=(queue, os.getpid(), build_dir),
    )
    try:
        with _main_module_hidden():
            futures = [executor.submit(work, p, *a) for p, a in zip(plans, args, strict=True)]
        while True:
            waiting = wait(futures, timeout=0.2, return_when=FIRST_EXCEPTION).not_done
            while not queue.empty():
                order = queue.get()
                pending_shares[order] -= 1
                if pending_shares[order] == 0:
                    finished += 1
                    if progress is not None:
                        progress(finished, total)
            if not waiting or any(f.done() and f.exception() for f in futures):
                break
        outcomes = [f.result() for f in futures]
    except BaseException:
        executor.shutdown(wait=False, cancel_futures=True)
        raise
    executor.shutdown(wait=True)  # idle now: they exit at once (and are reaped: their rusage)
    return outcomes
