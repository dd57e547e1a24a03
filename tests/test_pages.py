"""The search page and document pages, server-rendered, through Flask's test client."""

from __future__ import annotations

import re
from html import unescape

from bs4 import BeautifulSoup
from corpus_pages import program_page

from indexer.build import BuildOptions, build


def page(client, url: str, status: int = 200) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == status, response.data[:500]
    return BeautifulSoup(response.data, "lxml")


def hit_titles(soup: BeautifulSoup) -> list[str]:
    return [a.get_text(strip=True) for a in soup.select("ol.hits h3 a")]


def test_search_page_renders_results_facets_and_counts(client):
    soup = page(client, "/search?q=phlebotomy")
    assert "3 results" in soup.select_one(".summary").get_text(" ", strip=True)
    assert hit_titles(soup)[0].startswith("Phlebotomy")
    locations = {
        a.select_one(".value").get_text(): int(a.select_one(".count").get_text())
        for a in soup.select("section.facet.locations a")
    }
    # Grouped by state, then city.
    assert locations == {"TX": 2, "Houston, TX": 1, "Dallas, TX": 1}
    state = soup.select_one("section.facet.locations li.state")
    assert [a.select_one(".value").get_text() for a in state.select(":scope > ul a")] == [
        "Dallas, TX",
        "Houston, TX",
    ]
    assert soup.select_one("input#q")["value"] == "phlebotomy"


def test_facet_links_filter_and_the_count_matches(client):
    soup = page(client, "/search?q=phlebotomy")
    link = next(a for a in soup.select("section.facet a") if "Dallas, TX" in a.get_text())
    count = int(link.select_one(".count").get_text())
    filtered = page(client, link["href"])
    assert len(hit_titles(filtered)) == count
    chip = filtered.select_one('ul.chips[aria-label="Selected filters"] a')
    assert "Location: Dallas, TX" in chip.get_text()
    # The chip removes the filter; the query stays.
    back = page(client, chip["href"])
    assert len(hit_titles(back)) == 3
    assert back.select_one("input#q")["value"] == "phlebotomy"


def test_the_form_keeps_selected_filters(client):
    soup = page(client, "/search?q=pharmacy&location=Online")
    hidden = {(i["name"], i["value"]) for i in soup.select("form.searchbar input[type=hidden]")}
    assert hidden == {("location", "Online")}


def test_pagination_links(client):
    soup = page(client, "/search?per_page=2")
    nxt = soup.select_one("nav.pages a[rel=next]")
    assert nxt is not None and "page=2" in nxt["href"]
    second = page(client, unescape(nxt["href"]))
    assert second.select_one("ol.hits")["start"] == "3"


def test_bad_parameter_on_the_page_is_a_400_with_a_message(client):
    soup = page(client, "/search?page=-3", status=400)
    assert "page" in soup.select_one(".notice.error").get_text()


def test_home_page_lists_everything_with_facets(client):
    soup = page(client, "/")
    assert len(hit_titles(soup)) == 7
    assert soup.select("section.facet")


def test_security_headers_on_pages(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "script-src 'self'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"]


def test_no_inline_script_or_style_on_the_page(client):
    soup = page(client, "/search?q=cna")
    # scripts only from our own origin, by src (the page's and the query log's click beacon):
    # the CSP allows nothing inline
    scripts = soup.find_all("script")
    assert sorted(s["src"] for s in scripts) == ["/static/clicks.js", "/static/search.js"]
    assert not any(s.get_text(strip=True) for s in scripts)
    assert not soup.find_all("style")
    assert not soup.find_all(attrs={"style": True})


def test_document_page(client):
    soup = page(client, "/doc/programs/tx/houston-phlebotomy")
    assert soup.h1.get_text() == "Phlebotomy Technician Certificate"
    facts = {row.th.get_text(): row.td.get_text() for row in soup.select("table.facts tr")}
    assert soup.select_one("table.facts caption").get_text() == "Program facts"
    # the facts in their fixed order, shown once: not repeated as raw text in the body
    assert list(facts)[:2] == ["Cost", "Length"]
    body = soup.select_one(".body").get_text(" ")
    assert "$950" not in body and "Gulf Coast Health Institute ·" not in body
    assert facts["Provider"] == "Gulf Coast Health Institute"
    assert facts["Location"] == "Houston, TX"
    assert facts["Cost"] == "$950"
    assert facts["Length"] == "6 weeks"


def test_unknown_document_is_404(client):
    page(client, "/doc/programs/none", status=404)


def test_hostile_titles_are_escaped_everywhere(client, small_index, index_dir):
    evil = '<img src=x onerror=alert(1)><script>alert("x")</script>'
    path = small_index / "programs" / "evil.html"
    path.write_text(
        program_page(
            evil,
            career="Welder",
            provider="<b>Bold</b> Inc",
            city="Tulsa",
            state="OK",
            cost=10,
            body=f"welding {evil}",
        ),
        encoding="utf-8",
    )
    build(BuildOptions([small_index], index_dir))
    for url in ("/search?q=welding", "/doc/programs/evil"):
        html = client.get(url).get_data(as_text=True)
        assert "<img src=x" not in html and "<script>" not in html and "<b>Bold" not in html
        assert "&lt;img src=x onerror=alert(1)&gt;" in html
    api = client.get("/api/v1/search?q=welding").get_json()
    snippet = api["results"][0]["snippet"]
    assert re.sub(r"</?mark>", "", snippet).count("<") == 0


def test_a_dead_end_offers_the_words_it_understood(shipped_index):
    from search_app.app import create_app

    app = create_app({"INDEX_DIR": str(shipped_index), "TESTING": True, "RATE_LIMIT": "off"})
    client = app.test_client()
    soup = page(client, "/search?q=xyzzy+welding+houston")
    assert soup.find(string=re.compile(r"No results for"))
    ways = {a.get_text(" ", strip=True): a["href"] for a in soup.select(".ways-list a")}
    without = next(label for label in ways if label.startswith("Without “xyzzy”"))
    anywhere = next(label for label in ways if label.startswith("Welder, anywhere"))
    assert "q=welding+houston" in ways[without]
    assert "career=Welder" in ways[anywhere] and "q=" not in ways[anywhere]
    for label in (without, anywhere):
        shown = int(re.search(r"([\d,]+) results?", label)[1].replace(",", ""))
        target = page(client, unescape(ways[label]))
        assert int(target.select_one(".summary strong").get_text().replace(",", "")) == shown
