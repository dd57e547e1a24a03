"""The README's backup and restore commands, run as written (bash, flock, tar) against a live index."""

from __future__ import annotations

import shutil
import subprocess
import time

import pytest
from reliability_support import index, marker_page, write_big_corpus

from indexer import generations
from search_app.query import MultiDictArgs, parse_args
from search_app.search import SearchService

pytestmark = pytest.mark.skipif(
    not (shutil.which("flock") and shutil.which("tar") and shutil.which("bash")),
    reason="needs flock, tar and bash (util-linux, tar)",
)

# As in the README's Operations section, with the paths as variables.
BACKUP = """cd "$INDEX" && flock .lock sh -c \\
  'gen=$(cat CURRENT) && tar -czf "$BACKUPS/index-$gen.tgz" "$gen" CURRENT && echo "$gen"'"""
RESTORE = """cd "$INDEX" && flock .lock sh -c \\
  '[ -d "$GEN" ] || tar -xzf "$BACKUPS/index-$GEN.tgz" "$GEN"
   printf "%s\\n" "$GEN" > .CURRENT.tmp && mv .CURRENT.tmp CURRENT'"""


def sh(script: str, **env: str) -> str:
    result = subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, env=env, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def marker(service: SearchService) -> str:
    results = service.search(parse_args(MultiDictArgs({"q": "zebracorn"})))
    return results.generation + " " + results.results[0].title


def wait_for(service: SearchService, expected: str) -> None:
    deadline = time.monotonic() + 2
    while marker(service) != expected and time.monotonic() < deadline:
        time.sleep(0.1)
    assert marker(service) == expected


def test_backup_then_restore_an_older_generation_while_serving(tmp_path):
    corpus = write_big_corpus(tmp_path / "corpus", programs=10)
    index_dir = tmp_path / "index"
    backups = tmp_path / "backups"
    backups.mkdir()
    paths = {"INDEX": str(index_dir), "BACKUPS": str(backups), "PATH": "/usr/bin:/bin"}
    assert index(corpus, index_dir).returncode == 0
    service = SearchService(index_dir)  # a running server
    wait_for(service, "gen-000001 Zebracorn marker build 0000")

    assert sh(BACKUP, **paths) == "gen-000001"
    for build in (1, 2):
        (corpus / "articles" / "marker.html").write_text(marker_page(build), encoding="utf-8")
        assert index(corpus, index_dir).returncode == 0
    wait_for(service, "gen-000003 Zebracorn marker build 0002")
    assert not (index_dir / "gen-000001").exists()  # only the previous generation is kept

    sh(RESTORE, GEN="gen-000001", **paths)
    wait_for(service, "gen-000001 Zebracorn marker build 0000")  # no restart

    # The next build goes on from the restored generation; names are never reused.
    (corpus / "articles" / "marker.html").write_text(marker_page(3), encoding="utf-8")
    assert index(corpus, index_dir).returncode == 0
    wait_for(service, "gen-000004 Zebracorn marker build 0003")
    assert [g.name for g in generations.all_generations(index_dir)] == [
        "gen-000001",
        "gen-000004",
    ]

    # Rolling back to the previous generation, still on disk, is only the CURRENT swap.
    sh(RESTORE, GEN="gen-000001", **paths)
    wait_for(service, "gen-000001 Zebracorn marker build 0000")


def test_restore_onto_an_empty_machine(tmp_path):
    corpus = write_big_corpus(tmp_path / "corpus", programs=10)
    index_dir = tmp_path / "index"
    backups = tmp_path / "backups"
    backups.mkdir()
    assert index(corpus, index_dir).returncode == 0
    paths = {"INDEX": str(index_dir), "BACKUPS": str(backups), "PATH": "/usr/bin:/bin"}
    gen = sh(BACKUP, **paths)
    fresh = tmp_path / "fresh" / "index"
    fresh.mkdir(parents=True)
    sh(f'tar -xzf "$BACKUPS/index-{gen}.tgz" -C "$FRESH"', FRESH=str(fresh), **paths)
    assert marker(SearchService(fresh)) == "gen-000001 Zebracorn marker build 0000"


def test_a_backup_holding_the_lock_makes_a_build_wait_or_stop(tmp_path):
    corpus = write_big_corpus(tmp_path / "corpus", programs=10)
    index_dir = tmp_path / "index"
    assert index(corpus, index_dir).returncode == 0
    # long enough for a loaded machine to start `index` while the backup still holds the lock
    holder = subprocess.Popen(["flock", str(index_dir / ".lock"), "sleep", "8"])
    try:
        time.sleep(0.3)
        refused = index(corpus, index_dir, "--full")
        assert refused.returncode == 75
        assert "another build (pid unknown) is writing" in refused.stderr
        waited = index(corpus, index_dir, "--full", "--wait")
        assert waited.returncode == 0, waited.stderr
        assert holder.poll() is not None  # it waited for the backup to finish
    finally:
        holder.wait(10)
