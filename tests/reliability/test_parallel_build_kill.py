"""``kill -9`` of a full build that shares its work among worker processes: the lock is free at
once (no worker inherited it), the workers stop by themselves, the old generation keeps serving,
and the next build succeeds."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

from reliability_support import index, spawn_index, summary_of, wait_for_lock

from indexer import generations
from indexer.lock import build_lock
from search_app.query import MultiDictArgs, parse_args
from search_app.search import SearchService

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:  # bench/ is not an installed package: it runs from the checkout
    sys.path.insert(0, str(REPO))

from bench.corpus import CorpusSpec, generate  # noqa: E402


def workers_of(pid: int) -> list[int]:
    """The multiprocessing workers started by process ``pid``."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            status = (proc / "status").read_text()
            cmdline = (proc / "cmdline").read_bytes()
        except OSError:
            continue
        ppid = next((line.split()[1] for line in status.splitlines() if line[:5] == "PPid:"), "")
        if ppid == str(pid) and b"spawn_main" in cmdline:
            found.append(int(proc.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_kill_9_of_a_parallel_build_frees_the_lock_and_stops_its_workers(tmp_path):
    corpus = tmp_path / "corpus"
    generate(corpus, CorpusSpec(docs=3000, seed=5), REPO / "corpus")  # ~8 MB: workers are used
    index_dir = tmp_path / "index"
    first = index(corpus, index_dir, "--full", timeout=300)
    assert first.returncode == 0, first.stdout + first.stderr
    serving = summary_of(first.stdout + first.stderr).generation

    build = spawn_index(corpus, index_dir, "--full")
    wait_for_lock(index_dir, build)
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while len(workers) < 2 and time.monotonic() < deadline:
        workers = workers_of(build.pid)
        time.sleep(0.05)
    assert len(workers) >= 2, "the build never started its workers"
    time.sleep(1.0)  # the workers are indexing
    os.kill(build.pid, signal.SIGKILL)
    build.communicate(timeout=10)  # reaps it and closes its output pipe

    with build_lock(index_dir):  # free at once: no worker holds the lock's descriptor
        pass
    deadline = time.monotonic() + 10
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(alive(w) for w in workers), "workers kept running after their build died"

    live = generations.current(index_dir)
    assert live is not None and live.name == serving
    service = SearchService(index_dir)
    assert service.search(parse_args(MultiDictArgs({"q": "phlebotomy"}))).total > 0

    again = index(corpus, index_dir, "--full", timeout=300)
    assert again.returncode == 0, again.stdout + again.stderr
    assert summary_of(again.stdout + again.stderr).documents == 3000
    assert not list(index_dir.glob(".build-*"))
