"""HTTP figures: the real app under gunicorn (``course-search serve``), load from another process.

wrk (Debian's ``wrk``) cycles through a file of request paths from the query log (~70% searches
with the mix, ~30% autocomplete). Two runs after a warm-up:

- ``saturated``: fixed concurrency, every connection sends its next request as soon as the last
  answer arrives (closed loop): the throughput ceiling, and latency under that load.
- ``paced``: the same connections with a think time so the offered rate is about the target
  (300 req/s): latency at the target rate. By Little's law a closed loop at 16 connections can
  only show p50 ≤ 5 ms at ≥ 3,200 req/s, so the paced run is the one that answers the target.

A third, light run (one connection per worker, long timeout) shows the service time over HTTP
without queueing. Without wrk, a Python load generator (processes with keep-alive connections)
does the same.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import multiprocessing
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.timing import percentile

WRK_SCRIPT = r"""
local counter = 0
local nthreads = 0
local pause = tonumber(os.getenv("BENCH_DELAY_MS") or "0")

function setup(thread)
  thread:set("id", nthreads)
  nthreads = nthreads + 1
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  counter = ((id or 0) * 7919) % #paths
end

function request()
  counter = counter % #paths + 1
  return wrk.format("GET", paths[counter])
end

if pause > 0 then
  function delay() return pause end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write("BENCH_JSON " .. string.format(
    '{"requests": %d, "duration_us": %d, "connect": %d, "read": %d, "write": %d, ' ..
    '"status": %d, "timeout": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, ' ..
    '"mean_us": %.1f}',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    latency.mean) .. "\n")
end
"""


@dataclass(frozen=True)
class LoadSpec:
    connections: int = 16
    threads: int = 2
    duration_s: int = 20
    warmup_s: int = 5
    target_rps: int = 300
    timeout_s: int = 10  # a request slower than this counts as an error (wrk's timeout)
    light_connections: int = 2  # one per worker: service time over HTTP without queueing
    light_timeout_s: int = 120


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _children(pid: int) -> list[int]:
    out: list[int] = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, IndexError, ValueError):
            stat = (entry / "stat").read_text()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid == pid:
                out.append(int(entry.name))
    return sorted(out)


def _status_kb(pid: int, key: str) -> int:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


class Server:
    """``course-search serve`` on a free port; stopped (only this process group) on exit."""

    def __init__(self, index_dir: Path, workdir: Path, workers: int = 2) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        script = Path(sys.executable).parent / "course-search"
        # The load comes from one address: a per-client rate limit would measure the limiter.
        env = {
            **os.environ,
            "COURSE_SEARCH_INDEX": str(index_dir),
            "COURSE_SEARCH_RATE_LIMIT": "off",
        }
        self.log = (workdir / "gunicorn.log").open("wb")
        command = [str(script), "serve", "--index", str(index_dir), "--port", str(self.port)]
        self.proc = subprocess.Popen(
            [*command, "--workers", str(workers)],
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self, timeout_s: float = 180) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}: see gunicorn.log")
            url = self.base + "/api/v1/health"  # always http://127.0.0.1
            with (
                contextlib.suppress(OSError),
                urllib.request.urlopen(url, timeout=60) as answer,  # noqa: S310
            ):
                if answer.status == 200:
                    return
            time.sleep(0.2)
        raise RuntimeError("server did not answer /api/v1/health in time")

    def workers(self) -> list[int]:
        return _children(self.proc.pid)

    def peak_rss_mb(self) -> dict[str, float]:
        return {str(pid): round(_status_kb(pid, "VmHWM") / 1024, 1) for pid in self.workers()}

    def rss_split_mb(self) -> dict[str, dict[str, float]]:
        """Resident memory now, split into private (anonymous) and file-backed pages: the
        index's mmapped files count in VmHWM but are shared by every worker."""
        keys = ("RssAnon", "RssFile", "RssShmem")
        return {
            str(pid): {k: round(_status_kb(pid, k) / 1024, 1) for k in keys}
            for pid in self.workers()
        }

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()  # gunicorn's master stops its workers on SIGTERM
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, 9)
                self.proc.wait()
        self.log.close()


def _wrk(
    base: str, paths: Path, script: Path, run: tuple[int, int, int, int, int]
) -> dict[str, Any]:
    threads, connections, seconds, delay_ms, timeout_s = run
    env = {**os.environ, "BENCH_DELAY_MS": str(delay_ms)}
    command = [
        "wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s",
        "--timeout", f"{timeout_s}s", "-s", str(script), base, "--", str(paths),
    ]  # fmt: skip
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    line = next(x for x in done.stdout.splitlines() if x.startswith("BENCH_JSON "))
    raw = json.loads(line.removeprefix("BENCH_JSON "))
    duration = raw["duration_us"] / 1e6
    errors = raw["connect"] + raw["read"] + raw["write"] + raw["status"] + raw["timeout"]
    answered = raw["max_us"] > 0  # wrk keeps no latency for requests that timed out

    def ms(key: str) -> float | None:
        return round(raw[key] / 1000, 2) if answered else None

    return {
        "rps": round(raw["requests"] / duration, 1),
        "requests": raw["requests"],
        "p50_ms": ms("p50_us"),
        "p90_ms": ms("p90_us"),
        "p99_ms": ms("p99_us"),
        "max_ms": ms("max_us"),
        "errors": errors,
        "errors_detail": {k: raw[k] for k in ("connect", "read", "write", "status", "timeout")},
        "duration_s": round(duration, 1),
        "delay_ms": delay_ms,
        "connections": connections,
        "timeout_s": timeout_s,
    }


def _python_worker(
    args: tuple[int, list[str], float, float, int, int],
) -> tuple[list[float], int]:
    port, paths, seconds, delay_s, offset, timeout_s = args
    latencies: list[float] = []
    errors = 0
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout_s)
    deadline = time.monotonic() + seconds
    n = offset
    while time.monotonic() < deadline:
        path = paths[n % len(paths)]
        n += 1
        started = time.perf_counter()
        try:
            conn.request("GET", path)
            answer = conn.getresponse()
            answer.read()
            if not 200 <= answer.status < 300:
                errors += 1
        except (OSError, http.client.HTTPException):
            errors += 1
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout_s)
            continue
        latencies.append(time.perf_counter() - started)
        if delay_s:
            time.sleep(delay_s)
    conn.close()
    return latencies, errors


def _python_load(port: int, paths: Path, run: tuple[int, int, int, int, int]) -> dict[str, Any]:
    _, connections, seconds, delay_ms, timeout_s = run
    lines = paths.read_text(encoding="utf-8").splitlines()
    jobs = [
        (port, lines, float(seconds), delay_ms / 1000, n * 7919, timeout_s)
        for n in range(connections)
    ]
    started = time.perf_counter()
    with multiprocessing.get_context("spawn").Pool(connections) as pool:
        parts = pool.map(_python_worker, jobs)
    duration = time.perf_counter() - started
    values = sorted(x * 1000 for part in parts for x in part[0])
    return {
        "rps": round(len(values) / seconds, 1),
        "requests": len(values),
        "p50_ms": round(percentile(values, 50), 2) if values else None,
        "p90_ms": round(percentile(values, 90), 2) if values else None,
        "p99_ms": round(percentile(values, 99), 2) if values else None,
        "max_ms": round(values[-1], 2) if values else None,
        "errors": sum(part[1] for part in parts),
        "duration_s": round(min(duration, float(seconds)), 1),
        "delay_ms": delay_ms,
        "connections": connections,
        "timeout_s": timeout_s,
    }


def run_http(index_dir: Path, paths: Path, workdir: Path, spec: LoadSpec) -> dict[str, Any]:
    """Start the server, warm it, run the saturated and the paced load, read worker memory."""
    tool = "wrk" if shutil.which("wrk") else "python"
    script = workdir / "bench.lua"
    script.write_text(WRK_SCRIPT, encoding="utf-8")
    server = Server(index_dir, workdir)
    try:
        started = time.perf_counter()
        server.wait_ready()
        ready_s = time.perf_counter() - started
        # Delay per connection so that connections / (delay + latency) is about the target.
        paced_delay = max(1, int(spec.connections / spec.target_rps * 1000 * 0.9))

        def load(seconds: int, delay_ms: int, connections: int, timeout_s: int) -> dict[str, Any]:
            run = (min(spec.threads, connections), connections, seconds, delay_ms, timeout_s)
            if tool == "wrk":
                return _wrk(server.base, paths, script, run)
            return _python_load(server.port, paths, run)

        c, t = spec.connections, spec.timeout_s
        load(spec.warmup_s, 0, c, t)  # both workers open and warm their snapshot
        saturated = load(spec.duration_s, 0, c, t)
        paced = load(spec.duration_s, paced_delay, c, t)
        light = load(spec.duration_s, 0, spec.light_connections, spec.light_timeout_s)
        rss = server.peak_rss_mb()
        rss_split = server.rss_split_mb()
        workers = len(server.workers())
    finally:
        server.stop()
    return {
        **{k: saturated[k] for k in ("rps", "p50_ms", "p99_ms", "errors")},
        "tool": tool,
        "concurrency": spec.connections,
        "threads": spec.threads,
        "duration_s": spec.duration_s,
        "warmup_s": spec.warmup_s,
        "server": "course-search serve (gunicorn, threaded workers)",
        "workers": workers,
        "ready_s": round(ready_s, 2),
        "saturated": saturated,
        "paced": {**paced, "target_rps": spec.target_rps},
        "light": light,
        "worker_peak_rss_mb": rss,
        "worker_rss_now_mb": rss_split,
        "peak_rss_mb": max(rss.values(), default=0.0),
    }
