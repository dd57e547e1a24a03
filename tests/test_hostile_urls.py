"""Links from sources: only absolute http(s) URLs reach a page or the API. A feed row, a JSON-LD
block or a meta tag with a ``javascript:``, ``data:`` or scheme-relative URL is reported by row,
and the rest of the row is indexed with a link to our own page instead."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from corpus_pages import write_small_corpus
from test_hostile_sources import GOOD, run_build

from indexer.urls import web_url
from search_app.app import create_app

HOSTILE = [
    "javascript:alert(document.domain)",
    " JavaScript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "//evil.example/phish",
    "vbscript:msgbox(1)",
    "https:/evil.example",
    "http://exa mple.com/",
    "java\tscript:alert(1)",
]
MAPPING = """
[feed]
id = "id"
id_prefix = "links"
[fields]
title = "title"
url = "link"
city = "city"
state = "state"
careers = "career"
"""


@pytest.mark.parametrize(
    ("value", "expected"),
    [(v, None) for v in HOSTILE]
    + [
        (
            "https://school.example/programs/cna?x=1#top",
            "https://school.example/programs/cna?x=1#top",
        ),
        ("  http://school.example/a  ", "http://school.example/a"),
        ("", None),
    ],
)
def test_only_absolute_http_urls_are_links(value, expected):
    assert web_url(value) == expected


def hostile_corpus(root: Path) -> Path:
    corpus = write_small_corpus(root)
    feeds = corpus / "feeds"
    feeds.mkdir()
    (feeds / "links.toml").write_text(MAPPING)
    lines = [
        json.dumps(
            {
                "id": f"bad{n}",
                "title": f"Welding Link Class {n}",
                "link": url,
                "city": "Houston",
                "state": "TX",
                "career": "welder",
            }
        )
        for n, url in enumerate(HOSTILE)
    ]
    lines.append(
        json.dumps(
            {
                "id": "good",
                "title": "Welding Link Class Good",
                "city": "Houston",
                "state": "TX",
                "link": "https://school.example/welding",
                "career": "welder",
            }
        )
    )
    (feeds / "links.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    pages = corpus / "programs" / "links"
    pages.mkdir()
    (pages / "jsonld.html").write_text(
        "<!doctype html><html><head><title>Welding JSON-LD Link Class</title>"
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "Course",'
        ' "name": "Welding JSON-LD Link Class", "url": "javascript:alert(1)"}</script></head>'
        "<body><main><h1>Welding JSON-LD Link Class</h1><p>Welding.</p></main></body></html>"
    )
    (pages / "meta.html").write_text(
        "<!doctype html><html><head><title>Welding Meta Link Class</title>"
        '<link rel="canonical" href="data:text/html,hi"><meta property="og:url" content="//evil.example/x">'
        "</head><body><main><h1>Welding Meta Link Class</h1><p>Welding.</p></main></body></html>"
    )
    return corpus


def test_hostile_links_are_reported_by_row_and_never_served(tmp_path):
    corpus = hostile_corpus(tmp_path / "corpus")
    report = run_build(corpus, tmp_path / "index")

    # Every row and page is indexed; each bad link is a warning that names its row and the value.
    assert report.errors == []
    assert report.documents == GOOD + len(HOSTILE) + 1 + 2
    warned = {}
    for w in report.warnings:
        if "url " in w.reason:
            warned.setdefault(w.path.replace(str(corpus) + "/", ""), []).append(w.reason)
    for n, url in enumerate(HOSTILE):
        label = f"feeds/links.jsonl id links/bad{n} (line {n + 1})"
        assert label in warned, (label, warned)
        assert "dropped" in warned[label][0]
        assert repr(url.strip()[:20])[1:-1][:8] in warned[label][0]
    assert "programs/links/jsonld.html" in warned
    assert "programs/links/meta.html" in warned
    assert not any("links/good" in label for label in warned)

    app = create_app({"INDEX_DIR": str(tmp_path / "index"), "RATE_LIMIT": "off"})
    client = app.test_client()
    api = client.get("/api/v1/search?q=welding+link&per_page=50").get_json()
    urls = {hit["id"]: hit["url"] for hit in api["results"]}
    assert len(urls) == len(HOSTILE) + 3
    assert urls["links/good"] == "https://school.example/welding"
    for doc_id, url in urls.items():
        if doc_id != "links/good":
            assert url == f"/doc/{doc_id}", (doc_id, url)
    hrefs = [
        href
        for n in (1, 2)
        for href in re.findall(
            r'href="([^"]*)"', client.get(f"/search?q=welding+link&page={n}").get_data(as_text=True)
        )
    ]
    assert "https://school.example/welding" in hrefs
    for href in hrefs:
        assert href.startswith(("/", "#", "https://", "http://")) and not href.startswith("//"), (
            href
        )
    for doc_id in urls:
        html = client.get(f"/doc/{doc_id}").get_data(as_text=True)
        assert "javascript:" not in html.lower() and "data:text" not in html
        assert "evil.example" not in html
