"""The widget keeps to itself on a partner's page: the host's stylesheet does not reach it, a
document's markup shows as text, and no page that runs it reports a CSP violation."""

from __future__ import annotations

from typing import Any

import pytest
from browser_support import XSS_BODY, XSS_TITLE, Partner, Watched, watch
from widget_support import assert_clean, results, search, widget_input

pytestmark = pytest.mark.browser

expect: Any = pytest.importorskip("playwright.sync_api").expect


def test_hostile_host_stylesheet_does_not_reach_the_widget(
    page: Any, watched: Watched, partner: Partner
) -> None:
    page.goto(partner.url + "/hostile.html")
    expect(page.locator("#probe")).to_be_hidden()  # the hostile sheet is active on the host page
    search(page, "phlebotomy")
    expect(widget_input(page)).to_be_visible()
    expect(results(page).first).to_be_visible()
    expect(page.locator("course-search a.all")).to_be_visible()
    assert_clean(watched)


def test_xss_document_shows_as_text(page: Any, watched: Watched, partner: Partner) -> None:
    page.goto(partner.url + "/")
    search(page, "onerror")
    option = results(page).filter(has_text=XSS_TITLE)
    expect(option).to_have_count(1)
    expect(option.locator(".t")).to_have_text(XSS_TITLE)
    expect(option.locator(".s")).to_contain_text(XSS_BODY)
    expect(option.locator(".s mark").first).to_have_text("onerror")
    counts = page.evaluate(
        "() => document.querySelector('course-search').shadowRoot"
        ".querySelectorAll('img, script, [onerror]').length"
    )
    assert counts == 0
    # the app's own pages escape it too
    page.goto(partner.app_url + "/search?q=onerror")
    expect(page.locator(".hit h3")).to_have_text(XSS_TITLE)
    page.locator(".hit h3 a").click()
    expect(page.locator("h1")).to_have_text(XSS_TITLE)
    page.wait_for_timeout(300)
    assert not watched.dialogs
    assert_clean(watched)


def test_no_csp_violations(browser: Any, partner: Partner) -> None:
    """Every page that runs the widget, exercised fully, reports no CSP violation."""
    context = browser.new_context()
    try:
        for url, query in [
            (partner.url + "/", "phlebotomy"),
            (partner.url + "/hostile.html", "cna"),
            (partner.url + "/prefiltered.html", "phl"),
            (partner.url + "/dead.html", "cna"),
            (partner.app_url + "/embed", "phlebotomy"),
        ]:
            page = context.new_page()
            seen = watch(page)
            page.goto(url)
            box = widget_input(page)
            box.click()
            box.press_sequentially(query, delay=20)
            expect(page.locator("course-search .pop")).to_be_visible()
            box.press("ArrowDown")
            page.wait_for_timeout(200)
            assert not seen.csp, f"{url}:\n" + "\n".join(seen.csp)
            assert not seen.errors, f"{url}:\n" + "\n".join(seen.errors)
            page.close()
    finally:
        context.close()
