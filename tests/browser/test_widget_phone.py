"""The widget on a phone: a full-screen search sized to the visual viewport, so its results and
"See all" stay visible with the keyboard open; and a place it offers means what the page means."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from browser_support import Partner, Watched, watch
from widget_support import assert_clean, results, search

pytestmark = pytest.mark.browser

expect: Any = pytest.importorskip("playwright.sync_api").expect


@pytest.fixture
def short_phone(browser: Any) -> Iterator[Any]:
    """375 px wide and 450 px tall: what a phone shows above its keyboard."""
    ctx = browser.new_context(
        viewport={"width": 375, "height": 450}, is_mobile=True, has_touch=True
    )
    ctx.set_default_timeout(20_000)
    try:
        yield ctx.new_page()
    finally:
        ctx.close()


def test_on_a_phone_the_widget_opens_full_screen_with_see_all_visible(
    short_phone: Any, partner: Partner
) -> None:
    seen: Watched = watch(short_phone)
    short_phone.goto(partner.url + "/")
    search(short_phone, "phlebotomy")
    expect(results(short_phone).first).to_be_visible()
    box = short_phone.locator("course-search .cs")
    expect(box).to_have_class(re.compile(r"\bfull\b"))
    # sized to the visual viewport (what the keyboard leaves), under the partner's strict CSP
    fitted = short_phone.evaluate(
        "() => [visualViewport.height, document.querySelector('course-search')"
        ".shadowRoot.querySelector('.cs').getBoundingClientRect().height]"
    )
    assert abs(fitted[0] - fitted[1]) < 1, fitted
    rule = short_phone.evaluate(
        "() => [...document.querySelector('course-search').shadowRoot.adoptedStyleSheets]"
        ".flatMap((s) => [...s.cssRules]).map((r) => r.cssText).join(' ')"
    )
    assert "height: 450px" in rule, rule  # from visualViewport, not a guess from 100vh
    see_all = short_phone.locator("course-search a.all")
    expect(see_all).to_have_text(re.compile(r"See all \d+ results"))
    where = see_all.bounding_box()
    assert where is not None and where["y"] >= 0 and where["y"] + where["height"] <= 450, where
    first = results(short_phone).first.bounding_box()
    assert first is not None and first["y"] + first["height"] <= 450, first
    # Cancel gives the partner's page back
    short_phone.locator("course-search").get_by_role("button", name="Cancel").click()
    expect(box).not_to_have_class(re.compile(r"\bfull\b"))
    expect(short_phone.locator("course-search [role=listbox]")).to_be_hidden()
    assert_clean(seen)


def test_on_a_desktop_the_widget_stays_a_dropdown(page: Any, partner: Partner) -> None:
    page.goto(partner.url + "/")
    search(page, "phlebotomy")
    expect(results(page).first).to_be_visible()
    expect(page.locator("course-search .cs")).not_to_have_class(re.compile(r"\bfull\b"))
    expect(page.locator("course-search").get_by_role("button", name="Cancel")).to_be_hidden()


def test_a_place_from_the_widget_finds_what_the_page_finds(page: Any, partner: Partner) -> None:
    page.goto(partner.url + "/")
    search(page, "hou")
    page.locator("course-search [role=option].sug", has_text="Houston, TX").click()
    see_all = page.locator("course-search a.all")
    expect(see_all).to_have_attribute("href", re.compile(r"/search\?near=Houston%2C\+TX$"))
    expect(see_all).to_have_text(re.compile(r"See all \d+ results?"))
    count = int(re.search(r"\d+", see_all.inner_text())[0])  # type: ignore[index]
    see_all.click()
    expect(page).to_have_url(re.compile(r"/search\?near=Houston"))
    total = page.locator(".summary strong").first.inner_text()
    assert int(total) == count


def test_see_all_promises_what_the_page_shows_for_a_named_career(
    page: Any, partner: Partner
) -> None:
    page.goto(partner.url + "/")
    search(page, "phlebotomy")
    see_all = page.locator("course-search a.all")
    # the listbox opens on the first answer, which may be for a prefix still being typed
    expect(see_all).to_have_attribute("href", re.compile(r"/search\?q=phlebotomy$"))
    expect(see_all).to_have_text(re.compile(r"See all \d+ results?"))
    count = int(re.search(r"\d+", see_all.inner_text())[0])  # type: ignore[index]
    see_all.click()
    expect(page).to_have_url(re.compile(r"/search\?q=phlebotomy"))
    assert int(page.locator(".summary strong").first.inner_text()) == count


def test_no_horizontal_overflow_on_a_phone(browser: Any, partner: Partner) -> None:
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    try:
        for url in (partner.url + "/", partner.app_url + "/embed"):
            page = context.new_page()
            page.goto(url)
            search(page, "phlebotomy")
            expect(results(page).first).to_be_visible()
            widths = page.evaluate(
                """() => {
                  const root = document.querySelector('course-search').shadowRoot;
                  const rights = [...root.querySelectorAll('.pop, .bar, [role=option], a.all')]
                    .map(e => e.getBoundingClientRect().right);
                  return {doc: document.documentElement.scrollWidth,
                          view: window.innerWidth, right: Math.max(...rights)};
                }"""
            )
            assert widths["doc"] <= widths["view"] == 360, (url, widths)
            assert widths["right"] <= 360, (url, widths)
            page.close()
    finally:
        context.close()


# --------------------------------------------------------------------------- accessibility
