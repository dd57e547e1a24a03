"""An article's page over the shipped corpus: recommended programs after the introduction, more
further down, related guides at the end, all for the article's careers; a place only when the
reader names one."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from flask.testing import FlaskClient

from search_app import create_app

COMPARISON = "articles/ekg-technician-vs-phlebotomy-technician"
BOTH = {"EKG Technician", "Phlebotomy Technician"}
PHLEBOTOMY = "articles/how-to-become-a-phlebotomy-technician"


@pytest.fixture(scope="module")
def client(shipped_index: Path) -> FlaskClient:
    app = create_app({"INDEX_DIR": str(shipped_index), "TESTING": True, "RATE_LIMIT": "off"})
    return app.test_client()


def page(client: FlaskClient, path: str) -> BeautifulSoup:
    response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def section(soup: BeautifulSoup, heading: str) -> Tag:
    found = soup.find("h2", string=heading)
    assert isinstance(found, Tag), f"no section headed {heading!r}"
    parent = found.find_parent("section")
    assert isinstance(parent, Tag)
    return parent


def cards(part: Tag) -> list[Tag]:
    return part.select("ol.hits > li.hit.program")


def careers_of(card: Tag) -> set[str]:
    return {c.get_text() for c in card.select(".meta .career")}


def article_careers(soup: BeautifulSoup) -> set[str]:
    return {a.get_text() for a in soup.select("article > p.meta a.career")}


@pytest.mark.parametrize(
    "doc_id", [COMPARISON, PHLEBOTOMY, "articles/how-to-become-a-cna-in-new-jersey"]
)
def test_every_recommended_program_trains_for_a_career_of_the_article(
    client: FlaskClient, doc_id: str
) -> None:
    soup = page(client, f"/doc/{doc_id}")
    wanted = article_careers(soup)
    assert wanted
    shown = cards(section(soup, "Recommended programs")) + cards(
        section(soup, "More recommendations")
    )
    assert len(shown) == 8
    for card in shown:
        assert careers_of(card) & wanted, card.get_text(" ", strip=True)
        link = card.select_one("h3 a")
        assert link is not None and str(link["href"]).startswith("/doc/programs/")
    ids = [str(c.select_one("h3 a")["href"]) for c in shown]  # type: ignore[index]
    assert len(set(ids)) == len(ids), "a program is recommended twice"


def test_a_comparison_shows_both_careers_in_its_first_recommendations(
    client: FlaskClient,
) -> None:
    soup = page(client, f"/doc/{COMPARISON}")
    first = cards(section(soup, "Recommended programs"))
    assert len(first) == 4
    assert set().union(*(careers_of(c) for c in first[:2])) >= BOTH


def test_the_sections_sit_after_the_introduction_and_further_down(client: FlaskClient) -> None:
    soup = page(client, f"/doc/{COMPARISON}")
    article = soup.select_one("article.doc")
    assert article is not None
    order = [
        child.get("class", [""])[0] if isinstance(child, Tag) else ""
        for child in article.children
        if isinstance(child, Tag) and child.name in ("div", "section", "p")
    ]
    order = [o for o in order if o in ("lede", "body", "recommended", "guides")]
    # lede, introduction, first programs, the middle, more programs, the rest, guides
    assert order == ["lede", "body", "recommended", "body", "recommended", "body", "guides"]
    bodies = article.select("div.body")
    assert all(b.find("p") for b in bodies), "each part of the text has paragraphs"


def test_the_cards_are_the_search_results_cards_in_the_fixed_fact_order(
    client: FlaskClient,
) -> None:
    soup = page(client, f"/doc/{PHLEBOTOMY}?near=Newark%2C+NJ")
    card = cards(section(soup, "Recommended programs"))[0]
    labels = [s.get_text() for s in card.select(".facts .fact .visually-hidden")]
    assert labels == ["Cost: ", "Length: ", "Format: ", "Place: "][: len(labels)]
    assert "mi" in card.select(".facts .fact")[-1].get_text()  # the distance, near a place
    assert card.select_one(".provider") is not None


def test_related_guides_share_a_career_and_are_not_the_article(client: FlaskClient) -> None:
    for doc_id in (COMPARISON, PHLEBOTOMY):
        soup = page(client, f"/doc/{doc_id}")
        wanted = article_careers(soup)
        guides = section(soup, "Related guides")
        assert "Explore these guides" in guides.get_text()
        links = guides.select("li a")
        assert 1 <= len(links) <= 3
        for link in links:
            href = str(link["href"])
            assert href.startswith("/doc/articles/") and href != f"/doc/{doc_id}"
            guide = page(client, href)
            assert article_careers(guide) & wanted, href


def test_a_named_place_orders_programs_by_distance(client: FlaskClient) -> None:
    soup = page(client, f"/doc/{PHLEBOTOMY}?near=07102")
    part = section(soup, "Recommended programs")
    assert "Nearest first to Newark, NJ" in part.get_text()
    near_input = part.select_one("input[name=near]")
    assert near_input is not None and near_input["value"] == "07102"
    miles = [
        float(fact.get_text().rsplit("·", 1)[1].strip(" mi"))
        for card in cards(part)
        for fact in card.select(".facts .fact")[-1:]
        if fact.get_text().endswith(" mi")
    ]
    assert miles and miles == sorted(miles) and miles[0] <= 25


def test_without_a_place_none_is_guessed(client: FlaskClient) -> None:
    response = client.get(f"/doc/{PHLEBOTOMY}", headers={"X-Forwarded-For": "71.187.0.1"})
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    part = section(soup, "Recommended programs")
    assert "Nearest first" not in part.get_text()
    assert not any(
        f.get_text().endswith(" mi") for c in cards(part) for f in c.select(".facts .fact")
    )


def test_an_unknown_place_is_said_and_programs_still_show(client: FlaskClient) -> None:
    soup = page(client, f"/doc/{PHLEBOTOMY}?near=%3Cb%3Ezzqx%3C%2Fb%3E")
    part = section(soup, "Recommended programs")
    assert "We could not find the place “<b>zzqx</b>”" in part.get_text()
    assert part.find("b") is None  # the reader's text is escaped
    assert len(cards(part)) == 4


def test_a_program_page_keeps_similar_programs_and_gets_no_recommendations(
    client: FlaskClient,
) -> None:
    soup = page(
        client, "/doc/programs/nj/nj-west-windsor-phlebotomy-mercer-county-community-college"
    )
    assert soup.find("h2", string="Similar programs nearby") is not None
    assert soup.find("h2", string="Recommended programs") is None
    assert soup.find("h2", string="Related guides") is None
