"""The /match form in Chromium, on a phone and a desktop: fill it in, submit, read the reasons;
no CSP violation, and axe finds nothing."""

from __future__ import annotations

import re
from typing import Any

import pytest
from browser_support import watch

pytestmark = pytest.mark.browser

expect: Any = pytest.importorskip("playwright.sync_api").expect


def axe_violations(page: Any) -> None:
    """Run axe-core (every rule, best practices included); print the report on failure."""
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(page)
    if found.violations_count:
        print(found.generate_report())
    assert found.violations_count == 0, found.generate_snapshot()


@pytest.mark.parametrize("width", [375, 1280])
def test_fill_submit_and_read_the_reasons(browser: Any, app_url: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        seen = watch(page)
        page.goto(app_url + "/match")
        expect(page.get_by_role("heading", name="Match me to a program")).to_be_visible()
        page.get_by_label("What would you like to train for?").fill("phlebotomy")
        page.get_by_label("Near a place").fill("Houston, TX")
        page.get_by_label("Budget: the most you would pay ($)").fill("1500")
        page.get_by_label("Length: at most how many weeks").fill("8")
        page.get_by_role("button", name="Show my matches").click()
        page.wait_for_url(re.compile(r"/match\?q=phlebotomy&near=Houston"))
        assert "max_cost=1500" in page.url and "max_weeks=8" in page.url

        matches = page.locator("li.match")
        expect(matches.first).to_be_visible()
        # the small corpus's one phlebotomy program within 25 miles of Houston, under $1,500 and
        # 8 weeks (Dallas, Austin and the online one are not near Houston)
        expect(page.get_by_role("heading", level=2)).to_have_text("1 program matches")
        expect(matches).to_have_count(1)
        houston = matches.filter(has_text="Houston Health Academy")
        expect(houston.locator(".reason")).to_have_text(
            "Phlebotomy Technician · in Houston, TX · $950, under your $1,500 budget"
            " · 6 weeks, within your 8"
        )
        for n in range(matches.count()):
            reason = matches.nth(n).locator(".reason").inner_text()
            assert "under your $1,500 budget" in reason and "within your 8" in reason
        expect(page.get_by_label("What would you like to train for?")).to_have_value("phlebotomy")
        # nothing wider than the screen
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= width, f"{overflow}px wide on a {width}px screen"
        assert not seen.csp and not seen.errors, seen
        axe_violations(page)
    finally:
        context.close()


def test_a_bad_place_is_shown_on_its_field(browser: Any, app_url: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 800})
    try:
        page = context.new_page()
        page.goto(app_url + "/match?q=phlebotomy&near=Xyzzyville")
        near = page.get_by_label("Near a place")
        expect(near).to_have_attribute("aria-invalid", "true")
        expect(page.get_by_role("alert")).to_contain_text("Place: unknown place")
        axe_violations(page)
    finally:
        context.close()
