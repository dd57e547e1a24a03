"""Crash safety: ``kill -9`` of ``course-search index`` at random points never takes the index out
of service, the next build succeeds and says it cleared the dead build's lock, and nothing piles up.
"""

from __future__ import annotations

import random
import signal
import time
from pathlib import Path

from reliability_support import (
    index,
    marker_page,
    program_page,
    spawn_index,
    summary_of,
    wait_for_lock,
    write_big_corpus,
)

from indexer import generations
from search_app.query import MultiDictArgs, parse_args
from search_app.search import SearchService

TRIALS = 10
SEED = 20261129


def total(service: SearchService) -> tuple[str, int]:
    results = service.search(parse_args(MultiDictArgs({"per_page": "1"})))
    return results.generation, results.total


def leftovers(index_dir: Path) -> list[str]:
    return sorted(p.name for p in index_dir.glob(".build-*"))


def test_kill_9_at_random_points_leaves_the_index_serving(tmp_path):
    rng = random.Random(SEED)
    corpus = write_big_corpus(tmp_path / "corpus", programs=300)
    index_dir = tmp_path / "index"

    def change_pages(trial: int) -> None:
        """40 pages changed: the incremental build has real work to do."""
        for page in sorted((corpus / "programs" / "gen").rglob("*.html"))[trial::7][:40]:
            page.write_text(
                program_page(
                    f"Trial {trial} Welding {page.stem}",
                    career="Welder",
                    provider="Trial School",
                    city="Tulsa",
                    state="OK",
                    cost=100 + trial,
                ),
                encoding="utf-8",
            )

    def locked_span(*args: str) -> tuple[float, str]:
        """How long a build holds the lock (from taking it to exiting), and its output."""
        proc = spawn_index(corpus, index_dir, *args)
        took = wait_for_lock(index_dir, proc)
        output = proc.communicate(timeout=60)[0]
        assert proc.returncode == 0, output
        return time.monotonic() - took, output

    span = {True: 0.0, False: 0.0}
    _, output = locked_span("--full")
    documents = summary_of(output).documents
    # Timed again: the first build also fills the place cache (seconds), a large part of a build
    # now that writing is fast; later builds read it, so kills timed by the first one would
    # mostly land after the build ends.
    span[True], _ = locked_span("--full")
    change_pages(99)
    span[False], _ = locked_span()
    service = SearchService(index_dir)  # open for the whole test, like a running server
    assert total(service) == ("gen-000003", documents)

    killed = completed = cleared = 0
    phases: list[str] = []
    for trial in range(TRIALS):
        full = trial % 2 == 0
        if not full:
            change_pages(trial)
        (corpus / "articles" / "marker.html").write_text(marker_page(trial + 1), encoding="utf-8")
        before = generations.current(index_dir)
        assert before is not None

        proc = spawn_index(corpus, index_dir, *(["--full"] if full else []))
        wait_for_lock(index_dir, proc)
        time.sleep(rng.uniform(0.0, span[full]))  # in discovery, parsing, writing or swapping
        build_dirs = leftovers(index_dir)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        output = proc.stdout.read() if proc.stdout else ""
        if proc.stdout:
            proc.stdout.close()
        if proc.returncode == -signal.SIGKILL:
            killed += 1
            phases.append("writing" if build_dirs else "reading")
        else:  # it finished first: fine, it must have succeeded
            assert proc.returncode == 0, output
            completed += 1

        # Still serving: the generation in CURRENT is whole, old or new, never half-built.
        live = generations.current(index_dir)
        assert live is not None and live.number >= before.number
        assert live.manifest()["documents"] == documents
        assert total(SearchService(index_dir)) == (live.name, documents)
        deadline = time.monotonic() + 2
        while total(service)[0] != live.name and time.monotonic() < deadline:
            time.sleep(0.1)
        assert total(service) == (live.name, documents)
        assert len(leftovers(index_dir)) <= 1

        # The next build succeeds, reports the dead build's lock, and clears its leftovers.
        dead_lock = (index_dir / ".lock").read_text().strip() == str(proc.pid)
        after = index(corpus, index_dir)
        assert after.returncode == 0, after.stdout + after.stderr
        message = f"cleared a lock left by pid {proc.pid} (dead)"
        if dead_lock:
            assert f"warning: {index_dir}: {message}" in after.stderr
            cleared += 1
        else:
            assert "cleared a lock" not in after.stderr
        assert leftovers(index_dir) == []
        names = [g.name for g in generations.all_generations(index_dir)]
        assert len(names) <= 2 and names[-1] == generations.current(index_dir).name
        assert not (index_dir / ".CURRENT.tmp").exists()
        assert total(SearchService(index_dir))[1] == documents

    assert killed >= TRIALS * 2 // 3, (killed, completed)
    # A kill after the build released its lock (while printing or exiting) leaves no pid behind;
    # every other one does, and the next build said so.
    assert cleared >= TRIALS // 2, (cleared, killed)
    assert "writing" in phases, phases
    print(
        f"\n{killed} builds killed ({phases.count('writing')} while writing), {completed} finished"
    )


def test_a_generation_renamed_but_never_put_in_service_is_removed(tmp_path):
    """A kill between the rename of the build directory and the swap of CURRENT leaves a newer
    generation that nothing serves; the next build removes it rather than keeping it as the
    previous generation (and deleting the real one)."""
    corpus = write_big_corpus(tmp_path / "corpus", programs=5)
    index_dir = tmp_path / "index"
    assert index(corpus, index_dir).returncode == 0
    orphan = index_dir / "gen-000002"
    orphan.mkdir()
    (index_dir / ".last-generation").write_text("2")  # publish records the name before renaming
    (orphan / "half").write_text("a build killed after its rename")
    (index_dir / ".CURRENT.tmp").write_text("gen-000002\n")
    (corpus / "articles" / "marker.html").write_text(marker_page(9), encoding="utf-8")
    result = index(corpus, index_dir)
    assert result.returncode == 0, result.stderr
    names = [g.name for g in generations.all_generations(index_dir)]
    assert names == ["gen-000001", "gen-000003"], names
    assert not orphan.exists()
    assert generations.current(index_dir).name == "gen-000003"
    assert not (index_dir / ".CURRENT.tmp").exists()
