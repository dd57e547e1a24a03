"""The <course-search> widget in Chromium: on a partner page of another origin with a strict CSP,
and the app's own pages (the search page with JavaScript off, /embed)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from browser_support import XSS_BODY, XSS_TITLE, Partner, Watched, watch

pytestmark = pytest.mark.browser

expect: Any = pytest.importorskip("playwright.sync_api").expect


# --------------------------------------------------------------------------- helpers


def widget_input(page: Any) -> Any:
    return page.locator("course-search").get_by_role("combobox")


def listbox(page: Any) -> Any:
    return page.locator("course-search [role=listbox]")


def results(page: Any) -> Any:
    return page.locator("course-search [role=option].res")


def search(page: Any, text: str) -> Any:
    """Type like a person (so the debounce runs) and wait for the listbox."""
    box = widget_input(page)
    expect(box).to_be_visible()
    box.click()
    box.press_sequentially(text, delay=30)
    expect(box).to_have_attribute("aria-expanded", "true")
    return box


def active_id(page: Any) -> str | None:
    value: str | None = widget_input(page).get_attribute("aria-activedescendant")
    return value


def assert_clean(seen: Watched) -> None:
    assert not seen.csp, "CSP violations:\n" + "\n".join(seen.csp)
    assert not seen.errors, "page errors:\n" + "\n".join(seen.errors)
    assert not seen.dialogs, "dialogs opened:\n" + "\n".join(seen.dialogs)


def axe_violations(page: Any) -> None:
    """Run axe-core (every rule, best practices included); print the report on failure."""
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(page)
    if found.violations_count:
        print(found.generate_report())
    assert found.violations_count == 0, found.generate_snapshot()


# --------------------------------------------------------------------------- behaviour


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
