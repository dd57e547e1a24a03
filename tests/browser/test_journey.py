"""The reader's journey on the shipped corpus, in real Chromium: on a phone (375×812) and a desktop
(1280×800), from a search to the right program and back, with no dead ends."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from browser_support import Watched, watch
from widget_support import assert_clean, axe_violations

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 800}
TAP = 44

pytestmark = pytest.mark.browser

expect: Any = pytest.importorskip("playwright.sync_api").expect


@pytest.fixture(params=["phone", "desktop"])
def screen(request: pytest.FixtureRequest) -> dict[str, int]:
    return PHONE if request.param == "phone" else DESKTOP


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    ctx = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    ctx.set_default_timeout(20_000)
    try:
        yield ctx.new_page()
    finally:
        ctx.close()


@pytest.fixture
def sized(browser: Any, screen: dict[str, int]) -> Iterator[Any]:
    ctx = browser.new_context(viewport=screen)
    ctx.set_default_timeout(20_000)
    try:
        yield ctx.new_page()
    finally:
        ctx.close()


def box(locator: Any) -> dict[str, float]:
    found: dict[str, float] | None = locator.bounding_box()
    assert found is not None, f"{locator} is not laid out"
    return found


def hit_count(page: Any) -> int:
    count: int = page.locator("ol.hits li.hit").count()
    return count


def query_of(url: str) -> list[tuple[str, str]]:
    return sorted(parse_qsl(urlsplit(url).query))


# --------------------------------------------------------------------------- the first screen


def test_first_result_is_on_the_first_screen_of_a_phone(phone: Any, shipped_url: str) -> None:
    seen = watch(phone)
    phone.goto(shipped_url + "/search?q=phlebotomy")
    first = phone.locator("ol.hits li.hit").first
    top = box(first)["y"]
    assert top < PHONE["height"] - 120, f"first result starts at y={top}"
    # the career facts are one line with a disclosure, and open on a tap
    facts = phone.locator("details.career-card")
    expect(facts).not_to_have_attribute("open", "")
    assert box(facts.locator("summary"))["height"] < 80
    # the filter control is above the results, on the first screen
    toggle = phone.get_by_role("link", name=re.compile(r"^Filters"))
    assert box(toggle)["y"] < top
    expect(toggle).to_have_text("Filters (1)")  # the career the words named
    assert_clean(seen)


def test_a_question_is_answered_and_the_first_result_still_shows_on_a_phone(
    phone: Any, shipped_url: str
) -> None:
    seen = watch(phone)
    phone.goto(shipped_url + "/search?q=how+much+does+a+cna+make")
    answer = phone.locator("section.intent-answer")
    expect(answer).to_contain_text("What it pays")
    expect(answer).to_contain_text("Certified Nursing Assistant")
    # the career card would only repeat the pay: on a phone the answer stands for it
    expect(phone.locator("details.career-card")).to_be_hidden()
    top = box(phone.locator("ol.hits li.hit").first)["y"]
    assert top < PHONE["height"] - 60, f"first result starts at y={top}"
    assert_clean(seen)


def test_career_facts_are_open_on_a_desktop(sized: Any, shipped_url: str, screen: Any) -> None:
    sized.goto(shipped_url + "/search?q=phlebotomy")
    median = sized.locator("details.career-card dd").first
    if screen is DESKTOP:
        expect(median).to_be_visible()
        expect(sized.locator(".filters-toggle")).to_be_hidden()
    else:
        expect(median).to_be_hidden()
        sized.locator("details.career-card summary").click()
        expect(median).to_be_visible()


def test_filters_open_as_a_drawer_and_a_filter_keeps_the_reader_at_the_results(
    phone: Any, shipped_url: str
) -> None:
    phone.goto(shipped_url + "/search?q=phlebotomy")
    phone.get_by_role("link", name=re.compile(r"^Filters")).click()
    drawer = phone.locator("#filters")
    expect(drawer).to_have_class(re.compile(r"\bdrawer\b"))
    online = drawer.locator(".facet.locations a", has_text=re.compile(r"^\s*Online")).first
    expect(online).to_be_in_viewport()
    online.click()
    phone.wait_for_url(re.compile(r"location=Online"))
    # the page opens at the results, with the applied filter as a removable chip at the top
    assert phone.evaluate("window.scrollY") > 0
    chip = phone.get_by_role("link", name="Remove filter Location: Online")
    expect(chip).to_be_in_viewport()
    expect(phone.locator("ol.hits li.hit").first).to_be_in_viewport()
    expect(phone.locator("ol.hits li.hit .facts").first).to_contain_text("Online")
    chip.click()
    expect(phone).to_have_url(re.compile(r"^(?!.*location=)"))
    expect(phone.get_by_role("link", name="Remove filter Location: Online")).to_have_count(0)
    assert hit_count(phone) > 1


def test_filters_without_javascript_are_a_link_to_them(browser: Any, shipped_url: str) -> None:
    ctx = browser.new_context(viewport=PHONE, java_script_enabled=False)
    try:
        page = ctx.new_page()
        page.goto(shipped_url + "/search?q=phlebotomy")
        toggle = page.get_by_role("link", name=re.compile(r"^Filters"))
        assert box(toggle)["y"] < box(page.locator("ol.hits li.hit").first)["y"]
        toggle.click()
        expect(page.locator("#filters h2")).to_be_in_viewport()
    finally:
        ctx.close()


# --------------------------------------------------------------------------- facets


def test_every_facet_value_is_reachable(sized: Any, shipped_url: str, screen: Any) -> None:
    sized.goto(shipped_url + "/")
    assert not sized.get_by_text(re.compile(r"and \d+ more")).count()
    if screen is PHONE:
        sized.get_by_role("link", name=re.compile(r"^Filters")).click()
    facets = sized.locator("#filters")
    for more in facets.locator("details.more summary").all():
        more.scroll_into_view_if_needed()
        more.click()
    links = facets.locator(".facet a")
    values = set(links.locator(".value").all_inner_texts())
    api = sized.request.get(shipped_url + "/api/v1/search?per_page=1").json()
    expected = {v["value"] for v in api["facets"]["career"] + api["facets"]["location"]}
    assert expected <= values, sorted(expected - values)
    for link in links.all():
        link.scroll_into_view_if_needed()
        size = box(link)
        assert size["height"] >= TAP and size["width"] >= TAP, link.inner_text()


def test_a_long_location_facet_can_be_searched(phone: Any, shipped_url: str) -> None:
    phone.goto(shipped_url + "/")
    phone.get_by_role("link", name=re.compile(r"^Filters")).click()
    find = phone.get_by_role("searchbox", name=re.compile(r"Find a city"))
    find.fill("eaton")
    city = phone.locator("#filters .facet a", has_text="Eatontown, NJ")
    expect(city).to_be_visible()
    expect(phone.locator("#filters .facet a", has_text="Houston, TX")).to_be_hidden()
    city.click()
    phone.wait_for_url(re.compile(r"location=Eatontown"))
    assert hit_count(phone) >= 1


def test_the_named_career_is_the_selected_career(sized: Any, shipped_url: str) -> None:
    sized.goto(shipped_url + "/search?q=cna+classes+near+newark")
    cna = "Certified Nursing Assistant"
    selected = sized.locator(".facet a[aria-current=true]", has_text=cna)
    expect(selected).to_have_count(1)
    programs = sized.locator("section.group", has=sized.locator("h2", has_text="Programs"))
    careers = programs.locator("li.hit .career").all_inner_texts()
    assert careers and set(careers) == {cna}
    related = sized.locator("section.related")
    expect(related.locator("h2")).to_have_text("Related careers")
    assert cna not in related.locator("li.hit .career").all_inner_texts()
    # deselecting the career searches all careers
    selected.click()
    sized.wait_for_url(re.compile(r"ignore=career"))
    expect(sized.locator(".facet a[aria-current=true]", has_text=cna)).to_have_count(0)


def test_programs_and_guides_apart_with_facts_in_order(sized: Any, shipped_url: str) -> None:
    sized.goto(shipped_url + "/search?q=phlebotomy")
    expect(sized.get_by_role("heading", name=re.compile(r"^Programs \(\d+\)$"))).to_be_visible()
    guides = sized.get_by_role("heading", name=re.compile(r"^Career guides \(\d+\)$"))
    expect(guides).to_have_count(1)
    facts = sized.locator("section.group li.hit.program .facts").first
    # in order, labelled for screen readers; "·" between them is drawn by CSS
    text = " ".join(facts.text_content().split())
    assert re.match(
        r"^Cost: \$[\d,]+ Length: \d+ weeks? Format: (In person|Online|Hybrid)", text
    ), text
    expect(facts.locator("strong")).to_have_count(2)
    sized.get_by_role("link", name=re.compile(r"^Career guides")).first.click()
    sized.wait_for_url(re.compile(r"kind=article"))
    assert sized.locator("ol.hits li.hit.article").count() == hit_count(sized) > 0


# --------------------------------------------------------------------------- no dead ends


@pytest.mark.parametrize(
    "url",
    [
        "/search?q=qqqzzzx+wobble",
        "/search?q=phlebotomy&location=Eatontown%2C+NJ&format=online",
    ],
)
def test_a_zero_result_page_offers_ways_forward(sized: Any, shipped_url: str, url: str) -> None:
    sized.goto(shipped_url + url)
    expect(sized.get_by_role("heading", name=re.compile(r"^No results"))).to_be_visible()
    expect(sized.locator("nav.sort")).to_have_count(0)
    expect(sized.locator("#filters")).to_have_count(0)
    ways = sized.locator(".ways-list a")
    offered = [(a.get_attribute("href"), a.inner_text()) for a in ways.all()]
    assert len(offered) >= 3, offered
    for href, label in offered[:4]:
        count = int(re.search(r"([\d,]+) (result|program)", label)[1].replace(",", ""))  # type: ignore[index]
        sized.goto(shipped_url + href)
        assert hit_count(sized) > 0, label
        total = sized.locator(".summary strong").first.inner_text()
        assert int(total.replace(",", "")) == count, label


def test_a_spelling_correction_is_said_once(sized: Any, shipped_url: str) -> None:
    sized.goto(shipped_url + "/search?q=phlebotmy+techncian")
    text = sized.locator("#results").inner_text()
    assert text.count("Showing results for") + text.count("showing results for") == 1, text
    assert "so we showing" not in text


# --------------------------------------------------------------------------- the document page


def test_back_to_results_restores_the_search(sized: Any, shipped_url: str) -> None:
    start = shipped_url + "/search?q=phlebotomy&format=in-person&page=2"
    sized.goto(start)
    sized.locator("ol.hits li.hit h3 a").first.click()
    sized.wait_for_url(re.compile(r"/doc/"))
    back = sized.get_by_role("link", name="← Back to results")
    back.click()
    sized.wait_for_url(re.compile(r"/search\?"))
    assert query_of(sized.url) == query_of(start)
    expect(sized.locator("#q")).to_have_value("phlebotomy")
    expect(sized.get_by_role("link", name="Remove filter Format: in-person")).to_have_count(1)
    expect(sized.locator("nav.pages")).to_contain_text("Page 2 of")


def test_a_program_page_offers_next_steps(sized: Any, shipped_url: str) -> None:
    sized.goto(shipped_url + "/search?q=phlebotomy+near+newark")
    sized.locator("ol.hits li.hit.program h3 a").first.click()
    sized.wait_for_url(re.compile(r"/doc/programs/"))
    table = sized.get_by_role("table", name="Program facts")
    expect(table).to_be_visible()
    cost = table.get_by_role("row", name=re.compile(r"^Cost")).inner_text()
    assert re.search(r"\$[\d,]+", cost)
    price = re.search(r"\$[\d,]+", cost)[0]  # type: ignore[index]
    # the facts once: the body does not repeat them as raw lines
    assert f"Cost {price}" not in sized.locator(".body").inner_text()
    similar = sized.locator("section.similar")
    expect(similar.get_by_role("heading", name="Similar programs nearby")).to_be_visible()
    assert similar.locator("li.hit").count() >= 1
    similar.locator("li.hit h3 a").first.click()
    sized.wait_for_url(re.compile(r"/doc/programs/"))
    expect(sized.get_by_role("table", name="Program facts")).to_be_visible()


# --------------------------------------------------------------------------- accessibility


@pytest.mark.parametrize(
    "url",
    [
        "/search?q=phlebotomy",
        "/search?q=cna+classes+near+newark&format=in-person",
        "/search?q=qqqzzzx",
        "/doc/programs/nj/nj-west-windsor-phlebotomy-mercer-county-community-college",
    ],
)
def test_axe_finds_nothing(sized: Any, shipped_url: str, url: str) -> None:
    seen: Watched = watch(sized)
    sized.goto(shipped_url + url)
    assert_clean(seen)
    axe_violations(sized)


def test_tap_targets_and_field_contrast(phone: Any, shipped_url: str) -> None:
    phone.goto(shipped_url + "/search?q=phlebotomy&format=in-person")
    targets = phone.locator(
        ".sort a, .pages a, .chips a, .tabs a, .filters-toggle, .didyoumean a, .career-card summary"
    )
    assert targets.count() >= 8
    for target in targets.all():
        size = box(target)
        assert size["height"] >= TAP and size["width"] >= TAP, target.inner_text()
    ratio = phone.evaluate(
        """() => {
        const lum = (c) => {
          const [r, g, b] = c.match(/\\d+/g).slice(0, 3).map((v) => {
            v = v / 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
          return 0.2126 * r + 0.7152 * g + 0.0722 * b;
        };
        const border = lum(getComputedStyle(document.querySelector('#q')).borderTopColor);
        const bg = lum(getComputedStyle(document.documentElement).backgroundColor);
        const page = lum('rgb(255, 255, 255)');
        return Math.min((Math.max(border, bg) + .05) / (Math.min(border, bg) + .05),
                        (Math.max(border, page) + .05) / (Math.min(border, page) + .05));
      }"""
    )
    assert ratio >= 3, ratio


def test_skip_to_results_lands_on_the_results(sized: Any, shipped_url: str) -> None:
    sized.goto(shipped_url + "/search?q=phlebotomy")
    sized.keyboard.press("Tab")
    skip = sized.get_by_role("link", name="Skip to results")
    expect(skip).to_be_focused()
    sized.keyboard.press("Enter")
    expect(sized.locator("#results")).to_be_focused()
    expect(sized.locator("#results")).to_be_in_viewport()


# --------------------------------------------------------------------------- typeahead


def test_the_search_box_suggests_careers_places_and_titles(sized: Any, shipped_url: str) -> None:
    sized.goto(shipped_url + "/")
    box = sized.get_by_role("combobox", name="Search careers and training programs")
    box.press_sequentially("phleb", delay=40)
    listbox = sized.get_by_role("listbox", name="Suggestions")
    expect(listbox).to_be_visible()
    career = listbox.get_by_role("option", name=re.compile(r"^Phlebotomy Technician\s*Career"))
    expect(career).to_have_count(1)
    expect(listbox.get_by_role("option", name=re.compile(r"Title$")).first).to_be_visible()
    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", re.compile(r"^q-s\d+$"))
    expect(listbox.locator("[aria-selected=true]")).to_have_count(1)
    box.press("Escape")
    expect(listbox).to_be_hidden()
    box.fill("")
    box.press_sequentially("eatont", delay=40)
    place = sized.get_by_role("option", name=re.compile(r"^Eatontown, NJ\s*Place"))
    expect(place).to_be_visible()
    place.click()
    expect(sized).to_have_url(re.compile(r"/search\?near=Eatontown%2C\+NJ"))
    assert hit_count(sized) > 0
