"""A steady query load against a course-search server on 127.0.0.1, run as its own process.

    python load_client.py BASE_URL OUT.jsonl STOP_FILE MAX_SECONDS MAX_REQUESTS THREADS PAUSE_S

Every response is recorded (one JSON line each): what was asked, the status, the generation that
answered (``X-Index-Generation``) and what the test needs to check that one response never mixes
two generations. Stops at the stop file, the time limit or the request limit, whichever is first.
"""

from __future__ import annotations

import itertools
import json
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

REQUESTS = [
    ("marker", "/api/v1/search?q=zebracorn&per_page=50"),
    ("all", "/api/v1/search?per_page=1"),
    ("facets", "/api/v1/search?q=training&kind=program&per_page=5"),
    ("suggest", "/api/v1/suggest?q=zebra"),
    ("health", "/api/v1/health"),
    ("page", "/search?q=zebracorn"),
]


def one(base: str, kind: str, path: str) -> dict[str, Any]:
    record: dict[str, Any] = {"kind": kind, "t": time.time()}
    try:
        with urllib.request.urlopen(base + path, timeout=15) as response:
            record["status"] = response.status
            record["gen"] = response.headers.get("X-Index-Generation")
            data = response.read()
    except urllib.error.HTTPError as exc:
        record["status"] = exc.code
        record["error"] = exc.read()[:300].decode("utf-8", "replace")
        return record
    except Exception as exc:  # a refused or reset connection is a failed request too
        record["status"] = 0
        record["error"] = f"{type(exc).__name__}: {exc}"
        return record
    if kind == "page":
        record["ok"] = b"Zebracorn marker build" in data
        return record
    try:
        body = json.loads(data)
    except ValueError as exc:
        record["error"] = f"not JSON: {exc}"
        return record
    if kind == "health":
        record["gen"] = body.get("generation")
        record["total"] = body.get("documents")
    elif kind == "suggest":
        record["ok"] = isinstance(body.get("suggestions"), list)
    else:
        record["total"] = body.get("total")
        record["titles"] = [hit["title"] for hit in body.get("results", [])]
        facets = body.get("facets", {})
        record["kinds"] = {f["value"]: f["count"] for f in facets.get("kind", [])}
    return record


def main() -> None:
    base, out, stop_file = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    max_seconds, max_requests, threads = float(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
    pause = float(sys.argv[7])  # between one thread's requests: a steady load, not a flood
    host = urlsplit(base).hostname
    assert host == "127.0.0.1", "the load goes to this machine only"
    deadline = time.monotonic() + max_seconds
    counter = itertools.count()
    records: list[dict[str, Any]] = []
    lock = threading.Lock()

    def worker(offset: int) -> None:
        for n in itertools.count(offset):
            if time.monotonic() > deadline or stop_file.exists():
                return
            if next(counter) >= max_requests:
                return
            kind, path = REQUESTS[n % len(REQUESTS)]
            record = one(base, kind, path)
            with lock:
                records.append(record)
            time.sleep(pause)

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    with out.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record) + "\n")


if __name__ == "__main__":
    main()
