"""<course-search recommend> in Chromium, inline in a partner's article (another origin, strict
CSP), on a phone (375 px) and a desktop (1280 px): program cards in the page's fact order, a place
the reader picks that orders them by distance and survives a reload, "More recommendations"."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from browser_support import PHLEB, XSS_TITLE, Partner, Watched, partner_csp, watch
from widget_support import assert_clean, axe_violations

pytestmark = pytest.mark.browser

expect: Any = pytest.importorskip("playwright.sync_api").expect

SCREENS = {"phone": {"width": 375, "height": 812}, "desktop": {"width": 1280, "height": 800}}


def article(app: str, attributes: str) -> str:
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Partner article</title></head>
<body><main><article><h1>How to become a phlebotomist</h1>
<p id="intro">Phlebotomists draw blood for tests, transfusions and donations.</p>
<script src="{app}/widget.js" async></script>
<course-search recommend{attributes}></course-search>
<p id="after">Most programs take a few weeks and end with a certification exam.</p>
</article></main></body></html>
"""


@pytest.fixture(scope="module")
def pages(partner: Partner) -> Partner:
    csp = partner_csp(partner.app_url)
    app = partner.app_url
    partner.add("/rec.html", article(app, f' careers="{PHLEB}" limit="3"'), "text/html", csp)
    partner.add(
        "/rec-for.html",
        article(app, ' for="/doc/articles/how-to-become-a-phlebotomist"'),
        "text/html",
        csp,
    )
    return partner


@pytest.fixture(params=list(SCREENS))
def sized(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    phone = request.param == "phone"
    ctx = browser.new_context(viewport=SCREENS[request.param], is_mobile=phone, has_touch=phone)
    ctx.set_default_timeout(20_000)
    try:
        yield ctx.new_page()
    finally:
        ctx.close()


def cards(page: Any) -> Any:
    return page.locator("course-search li.card")


def near_line(page: Any) -> Any:
    return page.locator("course-search p.near")


def choose_place(page: Any, place: str) -> None:
    page.locator("course-search").get_by_role("button", name=re.compile("change|choose")).click()
    field = page.locator("course-search").get_by_label("City or ZIP code")
    expect(field).to_be_focused()
    field.fill(place)
    page.locator("course-search").get_by_role("button", name="Show programs").click()


def test_cards_render_inline_and_a_place_orders_them_and_survives_a_reload(
    sized: Any, pages: Partner
) -> None:
    seen: Watched = watch(sized)
    sized.goto(pages.url + "/rec.html")
    expect(cards(sized)).to_have_count(3)
    expect(near_line(sized)).to_have_text("Near: anywhere · choose a place")
    # inline: in the article's flow between its paragraphs, no dropdown to open
    intro = sized.locator("#intro").bounding_box()
    widget = sized.locator("course-search").bounding_box()
    after = sized.locator("#after").bounding_box()
    assert intro["y"] + intro["height"] <= widget["y"] + 1
    assert widget["y"] + widget["height"] <= after["y"] + 1
    expect(cards(sized).first).to_be_in_viewport()
    for card in cards(sized).all():
        expect(card.locator(".k")).to_have_text(PHLEB)

    choose_place(sized, "Dallas, TX")
    expect(near_line(sized)).to_have_text("Near: Dallas, TX · change")
    first = cards(sized).first
    expect(first).to_contain_text("Dallas Career Institute")
    # cost · length · format · place, then the provider; a program in the reader's own town
    # shows no distance ("0 mi" would say nothing the place does not)
    facts = first.locator(".m").inner_text()
    assert re.fullmatch(r"\$1,200\W+8 weeks\W+In person\W+Dallas, TX\W*", facts), facts
    expect(first.locator(".p")).to_have_text("Dallas Career Institute")
    # nothing else is within 25 miles of Dallas: then the online program, none from elsewhere
    expect(cards(sized)).to_have_count(2)
    expect(cards(sized).nth(1)).to_contain_text("Online")
    expect(sized.locator("course-search").get_by_role("button", name="change")).to_be_focused()

    sized.reload()
    expect(near_line(sized)).to_have_text("Near: Dallas, TX · change")
    expect(cards(sized).first).to_contain_text("Dallas Career Institute")
    assert sized.evaluate("localStorage.getItem('course-search-near')") == "Dallas, TX"

    # back to anywhere: the fit order again, and it is remembered too
    sized.locator("course-search").get_by_role("button", name="change").click()
    sized.locator("course-search").get_by_role("button", name="Anywhere").click()
    expect(near_line(sized)).to_have_text("Near: anywhere · choose a place")
    expect(cards(sized)).to_have_count(3)
    assert sized.evaluate("localStorage.getItem('course-search-near')") is None
    assert_clean(seen)  # before axe: axe itself applies inline styles, which the CSP refuses
    axe_violations(sized)


def test_more_recommendations_loads_the_next_page(sized: Any, pages: Partner) -> None:
    seen: Watched = watch(sized)
    sized.goto(pages.url + "/rec.html")
    expect(cards(sized)).to_have_count(3)
    more = sized.locator("course-search").get_by_role("button", name="More recommendations")
    more.click()
    expect(cards(sized)).to_have_count(6)  # every phlebotomy program of the corpus
    expect(more).to_be_hidden()
    titles = [t.inner_text() for t in cards(sized).locator(".t").all()]
    assert len(set(titles)) == 6
    assert XSS_TITLE in titles  # a hostile title is text, never markup
    expect(cards(sized).nth(3).locator("a.t")).to_be_focused()
    href = cards(sized).first.locator("a.t").get_attribute("href")
    assert href.startswith(pages.app_url + "/doc/programs/"), href
    assert_clean(seen)
    axe_violations(sized)


def test_for_an_article_recommends_its_careers(page: Any, pages: Partner) -> None:
    seen = watch(page)
    page.goto(pages.url + "/rec-for.html")
    expect(cards(page)).to_have_count(6)
    for card in cards(page).all():
        expect(card.locator(".k")).to_have_text(PHLEB)
    assert_clean(seen)


def test_a_place_that_cannot_be_found_is_said_and_not_kept(page: Any, pages: Partner) -> None:
    seen = watch(page)
    page.goto(pages.url + "/rec.html")
    expect(cards(page)).to_have_count(3)
    choose_place(page, "Qqzzx")
    field = page.locator("course-search").get_by_label("City or ZIP code")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(page.locator("course-search .hint")).to_contain_text("We could not find “Qqzzx”")
    expect(near_line(page)).to_have_text("Near: anywhere · choose a place")
    assert page.evaluate("localStorage.getItem('course-search-near')") is None
    assert_clean(seen)


def test_the_embed_page_shows_the_mode_live(page: Any, pages: Partner) -> None:
    seen = watch(page)
    page.goto(pages.app_url + "/embed")
    live = page.locator("course-search#rec-preview li.card")
    expect(live).to_have_count(3)
    expect(live.first.locator(".k")).to_have_text(PHLEB)
    assert_clean(seen)
    axe_violations(page)
