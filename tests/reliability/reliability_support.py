"""Helpers for the reliability tests: corpora, real ``course-search`` processes, a served app."""

from __future__ import annotations

import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from corpus_pages import article_page, program_page, write_small_corpus

HERE = Path(__file__).resolve().parent
CAREERS = [
    ("Phlebotomy Technician", "phlebotomy"),
    ("Certified Nursing Assistant", "nurse aide"),
    ("Pharmacy Technician", "pharmacy"),
    ("Medical Assistant", "medical assistant"),
    ("Welder", "welding"),
    ("Electrician", "electrical"),
]
PLACES = [
    ("Houston", "TX"),
    ("Dallas", "TX"),
    ("Newark", "NJ"),
    ("Chicago", "IL"),
    ("Denver", "CO"),
]
SUMMARY = re.compile(
    r"(?P<mode>full|incremental) index (?P<generation>gen-\d{6}|\(none\)): (?P<documents>\d+) "
    r"documents \(added (?P<added>\d+), updated (?P<updated>\d+), removed (?P<removed>\d+), "
    r"unchanged (?P<unchanged>\d+), failed (?P<failed>\d+)\)"
)


def cli() -> list[str]:
    """The ``course-search`` console script of this interpreter's environment."""
    script = Path(sys.executable).with_name("course-search")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from search_app.cli import main; main()"]


def env(**extra: str) -> dict[str, str]:
    values = {k: v for k, v in os.environ.items() if not k.startswith("COURSE_SEARCH_")}
    values.update({"COURSE_SEARCH_RATE_LIMIT": "off", "PYTHONUNBUFFERED": "1"}, **extra)
    return values


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def marker_page(build: int) -> str:
    """An article whose title names the build that wrote it: every generation has exactly one."""
    return article_page(
        f"Zebracorn marker build {build:04d}",
        ["Phlebotomy Technician"],
        f"Zebracorn marker written by build {build:04d} for the reliability tests.",
    )


def write_big_corpus(root: Path, programs: int, seed: int = 7) -> Path:
    """The small corpus plus ``programs`` generated program pages: a build of a second or two."""
    write_small_corpus(root)
    rng = random.Random(seed)
    for n in range(programs):
        career, words = rng.choice(CAREERS)
        city, state = rng.choice(PLACES)
        path = root / "programs" / "gen" / state.lower() / f"program-{n:04d}.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        body = " ".join(
            rng.choice(["hands-on", "clinical", "evening", "weekend", "lab", words])
            for _ in range(120)
        )
        path.write_text(
            program_page(
                f"{career} Program {n}",
                career=career,
                provider=f"Provider {n % 37}",
                city=city,
                state=state,
                cost=rng.randint(300, 9000),
                weeks=rng.randint(2, 60),
                body=f"{words} training. {body}",
            ),
            encoding="utf-8",
        )
    (root / "articles" / "marker.html").write_text(marker_page(0), encoding="utf-8")
    return root


@dataclass
class Summary:
    mode: str
    generation: str
    documents: int
    added: int
    updated: int
    removed: int
    unchanged: int
    failed: int


def summary_of(output: str) -> Summary:
    found = SUMMARY.search(output)
    assert found is not None, output
    values = found.groupdict()
    return Summary(
        mode=values["mode"],
        generation=values["generation"],
        **{k: int(v) for k, v in values.items() if k not in ("mode", "generation")},
    )


def index(
    corpus: Path, index_dir: Path, *args: str, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*cli(), "index", "--corpus", str(corpus), "--index", str(index_dir), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env(),
        check=False,
    )


def spawn_index(corpus: Path, index_dir: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*cli(), "index", "--corpus", str(corpus), "--index", str(index_dir), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env(),
    )


def lock_holder(index_dir: Path) -> str:
    try:
        return (index_dir / ".lock").read_text(encoding="ascii").strip()
    except OSError:
        return ""


def wait_for_lock(index_dir: Path, proc: subprocess.Popen[str], timeout: float = 20) -> float:
    """Wait until ``proc`` holds the index's build lock; the monotonic time it was seen."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if lock_holder(index_dir) == str(proc.pid):
            return time.monotonic()
        assert proc.poll() is None, f"the build exited early: {proc.communicate()[0]}"
        time.sleep(0.002)
    raise AssertionError(f"pid {proc.pid} never took the lock")


def get_json(url: str, timeout: float = 10) -> tuple[int, dict[str, str], object]:
    with urllib.request.urlopen(url, timeout=timeout) as response:  # 127.0.0.1 only
        return response.status, dict(response.headers), json.loads(response.read())


@contextmanager
def served(index_dir: Path, log: Path, workers: int = 2, **settings: str) -> Iterator[str]:
    """``course-search serve`` (gunicorn) on a free 127.0.0.1 port; yields its base URL."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [
                *cli(),
                "serve",
                "--index",
                str(index_dir),
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                str(workers),
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env(**settings),
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    if get_json(base + "/api/v1/health", timeout=2)[0] == 200:
                        break
                except OSError:
                    pass
                assert proc.poll() is None, log.read_text()
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.1)
            yield base
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(5)
