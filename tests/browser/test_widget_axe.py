"""axe-core on the widget (light and dark, open and in its error state) and the app's pages."""

from __future__ import annotations

from typing import Any

import pytest
from browser_support import Partner, Watched
from widget_support import assert_clean, axe_violations, results, search, widget_input

pytestmark = pytest.mark.browser

expect: Any = pytest.importorskip("playwright.sync_api").expect


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_widget_page(page: Any, partner: Partner, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    page.goto(partner.url + "/")
    box = search(page, "phlebotomy")
    box.press("ArrowDown")
    box.press("ArrowDown")
    expect(results(page).first).to_be_visible()
    axe_violations(page)


def test_axe_widget_error_state(page: Any, partner: Partner) -> None:
    page.goto(partner.url + "/dead.html")
    box = widget_input(page)
    box.click()
    box.press_sequentially("cna", delay=20)
    expect(page.locator("course-search").get_by_role("button", name="Retry")).to_be_visible()
    axe_violations(page)


def test_axe_search_page(page: Any, partner: Partner) -> None:
    page.goto(partner.app_url + "/search?q=phlebotomy")
    expect(page.locator(".hit").first).to_be_visible()
    axe_violations(page)


def test_axe_embed_page(page: Any, watched: Watched, partner: Partner) -> None:
    page.goto(partner.app_url + "/embed")
    search(page, "phlebotomy")
    assert_clean(watched)  # before axe: axe itself applies inline styles, which the CSP refuses
    axe_violations(page)


# --------------------------------------------------------------------------- the app's pages
