"""The app's own pages in Chromium: the search page with JavaScript off, and the /embed builder."""

from __future__ import annotations

import re
from typing import Any

import pytest
from browser_support import Partner, Watched
from widget_support import assert_clean, results, search

pytestmark = pytest.mark.browser

expect: Any = pytest.importorskip("playwright.sync_api").expect


def test_search_page_without_javascript(browser: Any, partner: Partner) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(partner.app_url + "/")
        page.locator("#q").fill("phlebotomy")
        page.get_by_role("button", name="Search").click()
        page.wait_for_url(re.compile(r"/search\?q=phlebotomy$"))
        hits = page.locator(".hit")
        assert hits.count() >= 6
        page.locator(".facet a", has_text="Houston, TX").click()
        page.wait_for_url(re.compile(r"location=Houston"))
        expect(page.locator(".hit")).to_have_count(1)
        expect(page.locator(".hit .facts")).to_contain_text("Houston, TX")
        expect(page.get_by_role("list", name="Selected filters")).to_contain_text("Houston, TX")
    finally:
        context.close()


def test_embed_builder(page: Any, watched: Watched, partner: Partner) -> None:
    page.goto(partner.app_url + "/embed")
    code = page.locator("#snippet")
    expect(code).to_contain_text(f'<script src="{partner.app_url}/widget.js" async></script>')
    page.get_by_label("Career", exact=True).select_option("Phlebotomy Technician")
    page.get_by_label("Location", exact=True).select_option("Dallas, TX")
    page.get_by_label("Results shown").fill("3")
    expect(code).to_have_text(
        f'<script src="{partner.app_url}/widget.js" async></script>\n'
        '<course-search career="Phlebotomy Technician" location="Dallas, TX" limit="3">'
        "</course-search>"
    )
    preview = page.locator("course-search#preview")
    expect(preview).to_have_attribute("location", "Dallas, TX")
    assert "career=Phlebotomy+Technician" in page.url
    search(page, "phlebotomy")
    expect(results(page)).to_have_count(1)
    expect(results(page).first).to_contain_text("Dallas, TX")
    # the server renders the same snippet for the same choices (the form works without JS)
    page.goto(page.url)
    expect(code).to_contain_text('location="Dallas, TX" limit="3"')
    expect(page.get_by_label("Career", exact=True)).to_have_value("Phlebotomy Technician")
    assert_clean(watched)
