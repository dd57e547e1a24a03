"""The <course-search> widget in Chromium on a partner page of another origin with a strict CSP:
typing, the keyboard, suggestions as filters, fixed filters, and a failed request retried."""

from __future__ import annotations

import re
from typing import Any

import pytest
from browser_support import Partner, Watched
from widget_support import active_id, assert_clean, listbox, results, search, widget_input

pytestmark = pytest.mark.browser

expect: Any = pytest.importorskip("playwright.sync_api").expect


def test_typing_shows_program_results(page: Any, watched: Watched, partner: Partner) -> None:
    page.goto(partner.url + "/")
    box = search(page, "phlebotomy")
    expect(box).to_have_attribute("placeholder", "Search programs")
    expect(listbox(page)).to_be_visible()
    houston = results(page).filter(has_text="Houston Health Academy")
    expect(houston).to_have_count(1)
    for text in ("Phlebotomy Technician Program", "Program", "Houston, TX", "In person"):
        expect(houston).to_contain_text(text)
    expect(houston).to_contain_text("$950")
    expect(houston).to_contain_text("6 weeks")
    expect(houston.locator("mark").first).to_have_text(re.compile("phlebotomy", re.I))
    assert results(page).count() == 5  # the default limit
    see_all = page.locator("course-search a.all")
    expect(see_all).to_have_text(re.compile(r"See all \d+ results"))
    href = see_all.get_attribute("href")
    assert href == partner.app_url + "/search?q=phlebotomy"
    # the widget really is in an open shadow root, and was styled from the app's origin
    assert page.evaluate(
        "() => !!document.querySelector('course-search').shadowRoot"
        ".querySelector('link[rel=stylesheet]').sheet"
    )
    assert_clean(watched)


def test_arrow_keys_and_enter_open_a_result(page: Any, watched: Watched, partner: Partner) -> None:
    page.goto(partner.url + "/")
    box = search(page, "phlebotomy")
    expect(results(page).first).to_be_visible()
    options = page.locator("course-search [role=option]")
    assert active_id(page) is None
    box.press("ArrowDown")
    first = options.nth(0)
    expect(first).to_have_attribute("aria-selected", "true")
    assert active_id(page) == first.get_attribute("id")
    box.press("ArrowDown")
    expect(first).to_have_attribute("aria-selected", "false")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    assert active_id(page) == options.nth(1).get_attribute("id")
    box.press("ArrowUp")
    expect(first).to_have_attribute("aria-selected", "true")
    # move on to the first result (suggestions come first) and open it
    target = results(page).first
    target_id = target.get_attribute("id")
    for _ in range(options.count()):
        if active_id(page) == target_id:
            break
        box.press("ArrowDown")
    assert active_id(page) == target_id
    title = target.locator(".t").inner_text()
    with page.expect_navigation():
        box.press("Enter")
    assert re.fullmatch(re.escape(partner.app_url) + r"/doc/.+", page.url), page.url
    expect(page.locator("h1")).to_have_text(title)
    assert_clean(watched)


def test_escape_closes_and_tab_leaves(page: Any, watched: Watched, partner: Partner) -> None:
    page.goto(partner.url + "/")
    box = search(page, "phlebotomy")
    box.press("ArrowDown")
    box.press("Escape")
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(listbox(page)).to_be_hidden()
    assert active_id(page) is None
    expect(box).to_have_value("phlebotomy")  # the first Escape closes, it does not clear
    expect(box).to_be_focused()
    box.press("ArrowDown")  # reopens
    expect(box).to_have_attribute("aria-expanded", "true")
    # Tab goes on to the popup's "See all" link, then out of the widget, which closes it
    focused = "() => document.querySelector('course-search').shadowRoot.activeElement?.className"
    page.keyboard.press("Tab")
    assert page.evaluate(focused) == "all"
    expect(page.locator("course-search .pop")).to_be_visible()
    page.keyboard.press("Tab")
    assert page.evaluate(focused) is None
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(page.locator("course-search .pop")).to_be_hidden()
    assert_clean(watched)


def test_enter_without_an_active_option_opens_the_search_page(
    page: Any, watched: Watched, partner: Partner
) -> None:
    page.goto(partner.url + "/")
    box = search(page, "cna")
    assert active_id(page) is None
    with page.expect_navigation():
        box.press("Enter")
    assert page.url == partner.app_url + "/search?q=cna"
    expect(page.locator(".hit").first).to_be_visible()
    assert_clean(watched)


def test_suggestion_sets_a_filter(page: Any, watched: Watched, partner: Partner) -> None:
    page.goto(partner.url + "/")
    box = search(page, "hou")
    suggestion = page.locator("course-search [role=option].sug", has_text="Houston, TX")
    expect(suggestion).to_be_visible()
    suggestion.click()
    chip = page.locator("course-search").get_by_role(
        "button", name="Remove filter Location: Houston, TX"
    )
    expect(chip).to_be_visible()
    expect(box).to_have_value("")
    expect(box).to_be_focused()
    expect(results(page)).to_have_count(2)  # the Houston phlebotomy and EKG programs
    for i in range(2):
        expect(results(page).nth(i)).to_contain_text("Houston, TX")
    box.press_sequentially("ekg", delay=30)
    expect(results(page)).to_have_count(1)
    # a chosen place means nearby, as on the page: "See all" searches the same radius
    expect(page.locator("course-search a.all")).to_have_attribute(
        "href", partner.app_url + "/search?q=ekg&near=Houston%2C+TX"
    )
    chip.click()
    expect(chip).to_have_count(0)
    expect(results(page).filter(has_text="Houston")).to_have_count(1)
    assert_clean(watched)


def test_prefilters_and_no_results(page: Any, watched: Watched, partner: Partner) -> None:
    page.goto(partner.url + "/prefiltered.html")
    search(page, "phlebotomy")
    expect(results(page)).to_have_count(1)
    expect(results(page).first).to_contain_text("Dallas, TX")
    # fixed filters are not offered again as suggestions
    expect(page.locator("course-search [role=option].sug")).to_have_count(0)
    expect(page.locator("course-search a.all")).to_have_attribute(
        "href",
        partner.app_url + "/search?q=phlebotomy&career=Phlebotomy+Technician&location=Dallas%2C+TX",
    )
    box = widget_input(page)
    box.fill("zzqx")
    message = page.locator("course-search .msg")
    expect(message).to_have_text(re.compile("No results for “zzqx”"))
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(page.locator("course-search a.all")).to_be_hidden()
    assert_clean(watched)


def test_retry_after_a_failed_request(page: Any, watched: Watched, partner: Partner) -> None:
    page.goto(partner.url + "/dead.html")
    box = widget_input(page)
    box.click()
    box.press_sequentially("phlebotomy", delay=20)
    message = page.locator("course-search .msg")
    expect(message).to_contain_text("not available")
    retry = page.locator("course-search").get_by_role("button", name="Retry")
    expect(retry).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "false")
    retry.click()
    expect(retry).to_be_visible()  # still down: the message stays

    # the API comes back (requests to the dead origin now reach the app): Retry recovers
    def forward(route: Any) -> None:
        url = route.request.url.replace(partner.dead_url, partner.app_url)
        route.fulfill(response=route.fetch(url=url))

    page.route(partner.dead_url + "/api/**", forward)
    retry.click()
    expect(results(page).first).to_be_visible()
    expect(retry).to_be_hidden()
    expect(box).to_be_focused()
    assert not watched.csp and not watched.errors and not watched.dialogs
