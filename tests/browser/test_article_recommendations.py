"""An article's page on the shipped corpus in Chromium, on a phone (375 px) and a desktop
(1280 px): recommended programs after the introduction, more further down, related guides at the
end; the reader's own place reorders them; axe finds nothing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from browser_support import Watched, watch
from widget_support import assert_clean, axe_violations

pytestmark = pytest.mark.browser

expect: Any = pytest.importorskip("playwright.sync_api").expect

SCREENS = {"phone": {"width": 375, "height": 812}, "desktop": {"width": 1280, "height": 800}}
COMPARISON = "/doc/articles/ekg-technician-vs-phlebotomy-technician"


@pytest.fixture(params=list(SCREENS))
def sized(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    phone = request.param == "phone"
    ctx = browser.new_context(viewport=SCREENS[request.param], is_mobile=phone, has_touch=phone)
    ctx.set_default_timeout(20_000)
    try:
        yield ctx.new_page()
    finally:
        ctx.close()


def top(locator: Any) -> float:
    found = locator.bounding_box()
    assert found is not None, f"{locator} is not laid out"
    return float(found["y"])


def test_an_article_recommends_programs_and_guides_in_its_flow(
    sized: Any, shipped_url: str
) -> None:
    seen: Watched = watch(sized)
    sized.goto(shipped_url + COMPARISON)
    heads = [
        sized.get_by_role("heading", name=name, exact=True)
        for name in ("Recommended programs", "More recommendations", "Related guides")
    ]
    lede = sized.locator(".doc .lede")
    ys = [top(lede)] + [top(h) for h in heads]
    assert ys == sorted(ys), ys  # after the introduction, further down, at the end
    first = sized.locator("section.recommended").first.locator("li.hit.program")
    expect(first).to_have_count(4)
    careers = {t.strip() for t in first.locator(".meta .career").all_inner_texts()}
    assert careers == {"EKG Technician", "Phlebotomy Technician"}
    assert_clean(seen)
    axe_violations(sized)

    field = sized.get_by_label("Programs near")
    field.fill("Newark, NJ")
    sized.get_by_role("button", name="Show", exact=True).click()
    sized.wait_for_url(re.compile(r"near=Newark"))
    part = sized.locator("section.recommended").first
    expect(part).to_contain_text("Nearest first to Newark, NJ")
    expect(part.locator("li.hit .facts").first).to_contain_text(re.compile(r" mi$"))
    expect(sized.get_by_label("Programs near")).to_have_value("Newark, NJ")
    assert_clean(seen)
    axe_violations(sized)

    guide = sized.locator("section.guides li a").first
    guide.click()
    sized.wait_for_url(re.compile(r"/doc/articles/"))
    assert COMPARISON not in sized.url
    expect(sized.get_by_role("heading", name="Recommended programs")).to_be_visible()
