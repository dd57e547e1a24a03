"""Reindexing under load: gunicorn serves a steady query load from another process while the index
is rebuilt 20 times (full and incremental, alternating); not one request fails, every response
comes from exactly one generation, and old generations leave the disk without breaking searchers.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from reliability_support import (
    HERE,
    get_json,
    index,
    marker_page,
    program_page,
    served,
    summary_of,
    write_big_corpus,
)
from whoosh import query as wq

from indexer import generations
from search_app.engines.whoosh.snapshot import open_snapshot

REINDEXES = 20
MARKER = "Zebracorn marker build {:04d}"


def mutate(corpus: Path, step: int, extras: list[Path]) -> str:
    """Rewrite the marker page for this build, then touch, change, add or remove one page."""
    (corpus / "articles" / "marker.html").write_text(marker_page(step), encoding="utf-8")
    pages = sorted((corpus / "programs" / "gen").rglob("*.html"))
    operation = ("touch", "change", "add", "remove")[step % 4]
    if operation == "touch":
        os.utime(pages[step % len(pages)])
    elif operation == "change":
        target = pages[step % len(pages)]
        target.write_text(
            program_page(
                f"Changed Welding Program {step}",
                career="Welder",
                provider="Changed Institute",
                city="Tulsa",
                state="OK",
                cost=1000 + step,
            ),
            encoding="utf-8",
        )
    elif operation == "add":
        extra = corpus / "programs" / "extra" / f"extra-{step}.html"
        extra.parent.mkdir(parents=True, exist_ok=True)
        extra.write_text(
            program_page(
                f"Extra EKG Program {step}",
                career="EKG Technician",
                provider="Extra School",
                city="Austin",
                state="TX",
                cost=500,
            ),
            encoding="utf-8",
        )
        extras.append(extra)
    elif extras:
        extras.pop().unlink()
    return operation


def on_disk(index_dir: Path) -> tuple[list[str], list[str]]:
    return (
        [g.name for g in generations.all_generations(index_dir)],
        sorted(p.name for p in index_dir.glob(".build-*")),
    )


def test_reindexing_under_load_fails_no_request_and_never_mixes_generations(tmp_path):
    corpus = write_big_corpus(tmp_path / "corpus", programs=30)
    index_dir = tmp_path / "index"
    first = index(corpus, index_dir, "--full")
    assert first.returncode == 0, first.stderr
    summary = summary_of(first.stdout)
    expected = {summary.generation: (0, summary.documents)}  # generation -> (marker, documents)

    # The first generation held open for the whole run, in this process, as a server worker
    # holds it (every file opened up front, so deleting the directory takes nothing away).
    first_generation = generations.current(index_dir)
    assert first_generation is not None and first_generation.name == "gen-000001"
    with contextlib.closing(open_snapshot(first_generation)) as held:
        snapshot = held.searcher
        stop = tmp_path / "stop"
        out = tmp_path / "responses.jsonl"
        with served(index_dir, tmp_path / "serve.log", workers=2) as base:
            # Bounded: 2 threads pausing 15 ms, at most 20,000 requests or 120 s, a stop file.
            limits = ["120", "20000", "2", "0.015"]
            client_log = (tmp_path / "client.log").open("w")
            client = subprocess.Popen(
                [sys.executable, str(HERE / "load_client.py"), base, str(out), str(stop), *limits],
                stdout=client_log,
                stderr=subprocess.STDOUT,
            )
            try:
                time.sleep(1.0)  # load is flowing before the first swap
                extras: list[Path] = []
                started = time.monotonic()
                for step in range(1, REINDEXES + 1):
                    mutate(corpus, step, extras)
                    args = ("--full",) if step % 2 else ()
                    result = index(corpus, index_dir, *args)
                    assert result.returncode == 0, result.stdout + result.stderr
                    summary = summary_of(result.stdout)
                    assert summary.mode == ("full" if args else "incremental")
                    assert summary.generation not in expected
                    expected[summary.generation] = (step, summary.documents)
                    names, builds = on_disk(index_dir)
                    assert builds == [] and len(names) <= 2, names
                reindex_seconds = time.monotonic() - started
                # The last generation is in service within two seconds, in every worker.
                last = summary.generation
                deadline = time.monotonic() + 2.5
                while time.monotonic() < deadline:
                    seen = {get_json(base + "/api/v1/health")[2]["generation"] for _ in range(6)}
                    if seen == {last}:
                        break
                    time.sleep(0.1)
                assert seen == {last}
            finally:
                stop.touch()
                client.wait(60)
                client_log.close()
            assert client.returncode == 0, (tmp_path / "client.log").read_text()

        # The held searcher still answers, from files whose directory is gone.
        assert not first_generation.path.exists()
        stored = [fields["title"] for fields in snapshot.documents()]
        assert MARKER.format(0) in stored
        hits = snapshot.search(wq.Every(), limit=None)
        assert len(hits) == expected["gen-000001"][1]

    records = [json.loads(line) for line in out.read_text().splitlines()]
    failed = [r for r in records if r["status"] != 200 or "error" in r or r.get("ok") is False]
    assert failed == [], failed[:5]
    assert len(records) >= 300, len(records)
    generations_seen = {r["gen"] for r in records if r.get("gen")}
    assert len(generations_seen) >= REINDEXES // 2, sorted(generations_seen)
    for record in records:
        kind, gen = record["kind"], record.get("gen")
        if kind in ("suggest", "page"):
            continue
        assert gen in expected, record
        marker, documents = expected[gen]
        if kind == "marker":
            markers = [t for t in record["titles"] if t.startswith("Zebracorn")]
            assert markers == [MARKER.format(marker)], record
        elif kind in ("all", "health"):
            assert record["total"] == documents, record
        if kind == "all":
            assert sum(record["kinds"].values()) == documents, record

    names, builds = on_disk(index_dir)
    assert names[-1] == last and len(names) == 2 and builds == []
    log = (tmp_path / "serve.log").read_text()
    assert "Traceback" not in log and "could not open" not in log, log[-2000:]
    print(
        f"\n{len(records)} requests, 0 failed, {len(generations_seen)} generations served, "
        f"{REINDEXES} reindexes in {reindex_seconds:.1f} s"
    )
