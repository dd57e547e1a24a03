"""The query log behind a real gunicorn server with two workers: searches from the page, the API
and the widget and clicks on their results appear in ``course-search insights --json`` with the
exact counts, and nothing in the database says who sent them."""

from __future__ import annotations

import json
import re
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from reliability_support import cli, env, index, served, write_small_corpus

AGENT = "Mozilla/5.0 (X11; Linux x86_64) QueryLogProbe/3.1"


def get(url: str) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"User-Agent": AGENT})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # 127.0.0.1 only
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def beacon(base: str, **form: str) -> int:
    """What navigator.sendBeacon sends: a urlencoded POST."""
    data = urllib.parse.urlencode(form).encode()
    request = urllib.request.Request(
        base + "/api/v1/click", data=data, headers={"User-Agent": AGENT}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return int(response.status)


def insights(index_dir: Path) -> dict[str, object]:
    done = subprocess.run(
        [*cli(), "insights", "--index", str(index_dir), "--json", "--since", "1h"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env(),
        check=False,
    )
    assert done.returncode == 0, done.stderr
    data: dict[str, object] = json.loads(done.stdout)
    return data


def test_searches_and_clicks_on_a_served_index_are_counted_exactly(tmp_path: Path) -> None:
    corpus = write_small_corpus(tmp_path / "corpus")
    index_dir = tmp_path / "index"
    assert index(corpus, index_dir).returncode == 0
    with served(
        index_dir, tmp_path / "server.log", workers=2, COURSE_SEARCH_QUERY_LOG="on"
    ) as base:
        assert get(base + "/insights")[0] == 404  # no token configured: no page
        pages = [get(base + "/search?q=pharmacy")[1] for _ in range(3)]
        apis = [json.loads(get(base + "/api/v1/search?q=cna")[1]) for _ in range(4)]
        for _ in range(2):
            assert json.loads(get(base + "/api/v1/search?q=zzqxv+plumbus")[1])["total"] == 0
        widget = [
            json.loads(get(base + "/api/v1/search?q=pharmacy&src=widget&per_page=5")[1])
            for _ in range(2)
        ]
        # a click on the second result of the first page search, as clicks.js sends it
        found = re.search(r'data-search-id="([0-9a-f]{16})"', pages[0])
        link = re.findall(r'data-doc="([^"]+)" data-pos="(\d+)"', pages[0])
        assert found is not None and len(link) == 3
        assert beacon(base, search=found.group(1), doc=link[1][0], pos=link[1][1]) == 204
        # and the first result of a widget search
        first = widget[0]["results"][0]["id"]
        assert beacon(base, search=widget[0]["search_id"], doc=first, pos="1", src="widget") == 204
        assert len({a["search_id"] for a in apis}) == 4  # cached answers, each its own search

        deadline = time.monotonic() + 15  # written in batches while serving, not only at exit
        while insights(index_dir)["searches"] != 11:
            assert time.monotonic() < deadline, insights(index_dir)
            time.sleep(0.3)
    report = insights(index_dir)  # the same after the workers stopped and flushed
    assert report["searches"] == 11
    assert report["by_surface"] == {"api": 6, "page": 3, "widget": 2}
    assert report["zero_result_searches"] == 2
    assert report["clicks"] == 2 and report["searches_with_clicks"] == 2
    assert report["mean_click_position"] == 1.5
    assert report["click_through_rate"] == round(2 / 9, 4)
    top = {r["query"]: (r["searches"], r["clicks"]) for r in report["top_queries"]}  # type: ignore[attr-defined]
    assert top == {"pharmacy": (5, 2), "cna": (4, 0), "zzqxv plumbus": (2, 0)}
    zero = report["zero_results"]
    assert [(r["query"], r["searches"]) for r in zero] == [("zzqxv plumbus", 2)]  # type: ignore[attr-defined]
    no_clicks = [r["query"] for r in report["no_clicks"]]  # type: ignore[attr-defined]
    assert no_clicks == ["cna"]
    careers = {r["value"]: r["searches"] for r in report["careers"]}  # type: ignore[attr-defined]
    assert careers == {"Certified Nursing Assistant": 4}

    stored = b"".join(p.read_bytes() for p in index_dir.glob("querylog.sqlite*"))
    assert b"pharmacy" in stored
    for secret in (b"127.0.0.1", b"QueryLogProbe", b"Mozilla", b"X11"):
        assert secret not in stored
