"""Clicks reach the query log from a real browser: a result followed on the search page
(clicks.js) and a widget option chosen on a partner site (sendBeacon across origins, under the
partner's strict CSP), each joined to the search it came from."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest
from browser_support import Partner, Watched

pytestmark = pytest.mark.browser

expect: Any = pytest.importorskip("playwright.sync_api").expect

JOINED = """
SELECT s.surface, s.query, c.surface, c.doc_id, c.position FROM clicks c
JOIN searches s ON s.id = c.search_id WHERE s.query = ? AND c.surface = ?
"""


def joined_clicks(index: Path, query: str, surface: str) -> list[tuple[Any, ...]]:
    """Wait (up to 10 s: the server writes in batches) for a click on a search of ``query``."""
    deadline = time.monotonic() + 10
    while True:
        path = index / "querylog.sqlite"
        if path.exists():
            db = sqlite3.connect(path, timeout=5)
            try:
                found = db.execute(JOINED, (query, surface)).fetchall()
            except sqlite3.OperationalError:  # not created yet by the server
                found = []
            finally:
                db.close()
            if found:
                return found
        assert time.monotonic() < deadline, f"no {surface} click on a search of {query!r}"
        time.sleep(0.2)


def test_a_result_followed_on_the_search_page_is_logged(
    page: Any, watched: Watched, partner: Partner, widget_index: Path
) -> None:
    page.goto(partner.app_url + "/search?q=phlebotomy+training")
    link = page.locator("ol.hits h3 a").nth(1)
    doc = link.get_attribute("data-doc")
    assert link.get_attribute("data-pos") == "2" and doc
    with page.expect_navigation():
        link.click()
    assert joined_clicks(widget_index, "phlebotomy training", "page") == [
        ("page", "phlebotomy training", "page", doc, 2)
    ]
    assert not watched.csp and not watched.errors


def test_a_widget_option_chosen_on_a_partner_site_is_logged(
    page: Any, watched: Watched, partner: Partner, widget_index: Path
) -> None:
    page.goto(partner.url + "/")
    box = page.locator("course-search").get_by_role("combobox")
    box.click()
    box.press_sequentially("ekg", delay=30)
    option = page.locator("course-search [role=option].res").first
    expect(option).to_be_visible()
    with page.expect_navigation():
        option.click()
    found = joined_clicks(widget_index, "ekg", "widget")
    assert [(s, q, c, pos) for s, q, c, _doc, pos in found] == [("widget", "ekg", "widget", 1)]
    assert page.url == partner.app_url + "/doc/" + found[0][3]
    assert not watched.csp and not watched.errors
