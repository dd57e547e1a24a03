"""One writer per index, with real processes: a second ``course-search index`` exits non-zero
with a clear message, or with ``--wait`` waits its turn and then succeeds; never two writers."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from reliability_support import (
    index,
    lock_holder,
    spawn_index,
    summary_of,
    wait_for_lock,
    write_big_corpus,
)

from indexer import generations


class Watcher:
    """Samples the index directory while builds run: who holds the lock, how many builds write."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir
        self.most_build_dirs = 0
        self.holders: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.most_build_dirs = max(
                self.most_build_dirs, len(list(self.index_dir.glob(".build-*")))
            )
            holder = lock_holder(self.index_dir)
            if holder and (not self.holders or self.holders[-1] != holder):
                self.holders.append(holder)
            time.sleep(0.002)

    def __enter__(self) -> Watcher:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(5)


def test_two_builds_at_once_one_writes_the_other_exits_with_a_clear_message(tmp_path):
    # Big enough that the first build still holds the lock when the second has started up.
    corpus = write_big_corpus(tmp_path / "corpus", programs=1200)
    index_dir = tmp_path / "index"
    assert index(corpus, index_dir, "--full").returncode == 0

    # The second starts while the first holds the lock (not a race a loaded machine could lose).
    first = spawn_index(corpus, index_dir, "--full")
    wait_for_lock(index_dir, first)
    both = [first, spawn_index(corpus, index_dir, "--full")]
    outputs = [proc.communicate(timeout=60)[0] for proc in both]
    codes = sorted(proc.returncode for proc in both)
    assert codes == [0, 75], outputs  # 75, EX_TEMPFAIL: try again later
    winner, loser = (0, 1) if both[0].returncode == 0 else (1, 0)
    assert outputs[loser].strip() == (
        f"Error: another build (pid {both[winner].pid}) is writing {index_dir}; "
        "wait for it to finish or pass --wait"
    )
    assert summary_of(outputs[winner]).generation == "gen-000002"
    assert generations.current(index_dir).name == "gen-000002"
    assert list(index_dir.glob(".build-*")) == []


def test_with_wait_the_second_build_waits_its_turn_then_succeeds(tmp_path):
    corpus = write_big_corpus(tmp_path / "corpus", programs=300)
    index_dir = tmp_path / "index"
    assert index(corpus, index_dir, "--full").returncode == 0

    with Watcher(index_dir) as watcher:
        first = spawn_index(corpus, index_dir, "--full")
        wait_for_lock(index_dir, first)
        second = spawn_index(corpus, index_dir, "--full", "--wait")
        third = spawn_index(corpus, index_dir, "--full", "--wait")
        outputs = {}
        finished = {}
        for name, proc in (("first", first), ("second", second), ("third", third)):
            outputs[name] = proc.communicate(timeout=90)[0]
            finished[name] = time.monotonic()
            assert proc.returncode == 0, outputs[name]

    # Never two writers: one build directory at a time, the lock passed from one to the next.
    assert watcher.most_build_dirs == 1
    pids = [str(p.pid) for p in (first, second, third)]
    assert watcher.holders[0] == pids[0] and sorted(watcher.holders) == sorted(pids)
    gens = sorted(summary_of(out).generation for out in outputs.values())
    assert gens == ["gen-000002", "gen-000003", "gen-000004"]
    assert summary_of(outputs["first"]).generation == "gen-000002"
    assert all("cleared a lock" not in out for out in outputs.values())  # each released it
    assert lock_holder(index_dir) == ""
    assert [g.name for g in generations.all_generations(index_dir)] == ["gen-000003", "gen-000004"]
