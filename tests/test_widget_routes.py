"""/widget.js and /embed through Flask's test client (the browser tests drive them for real)."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

from search_app.widget import THEME_VARIABLES, embed_snippet

STATIC = Path(__file__).resolve().parent.parent / "search_app" / "static"


def test_widget_js_headers(client):
    with client.get("/widget.js") as response:
        assert response.status_code == 200
        assert response.headers["Content-Type"] == "text/javascript; charset=utf-8"
        assert response.headers["Cache-Control"] == "public, max-age=3600"
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert response.get_data() == (STATIC / "widget.js").read_bytes()
    with client.get("/static/widget.css") as css:
        assert css.status_code == 200
        assert css.mimetype == "text/css"


def test_widget_js_is_safe_by_construction():
    source = (STATIC / "widget.js").read_text()
    assert source.lstrip().startswith("/*")
    assert '"use strict"' in source
    for banned in (
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
        "Function(",
    ):
        assert banned not in source, banned
    assert ".style" not in source and '"style"' not in source


def test_embed_page_builder_and_reference(client):
    response = client.get(
        "/embed?career=Phlebotomy+Technician&location=Nowhere%2C+ZZ&kind=program"
        '&limit=99&placeholder=Find+%3Cyour%3E+"course"'
    )
    assert response.status_code == 200
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    soup = BeautifulSoup(response.data, "lxml")
    assert soup.h1.get_text() == "Add course-search to your site"
    assert not soup.select("script:not([src]), [style]")  # nothing inline: the CSP allows none
    snippet = soup.select_one("#snippet").get_text()
    assert snippet == (
        '<script src="http://localhost/widget.js" async></script>\n'
        '<course-search placeholder="Find &lt;your&gt; &quot;course&quot;" '
        'career="Phlebotomy Technician" kind="program" limit="20"></course-search>'
    )
    preview = soup.select_one("course-search#preview")
    assert preview["career"] == "Phlebotomy Technician"
    assert "location" not in preview.attrs  # not a location of the index: dropped
    careers = [o["value"] for o in soup.select("#b-career option")]
    assert "Phlebotomy Technician" in careers
    assert "Houston, TX" in [o["value"] for o in soup.select("#b-location option")]
    names = [code.get_text() for code in soup.select("#theme-h ~ .scroll th code")]
    assert names == [v.name for v in THEME_VARIABLES]


def test_theme_variables_match_the_stylesheet():
    css = (STATIC / "widget.css").read_text()
    used = set(re.findall(r"var\((--cs-[a-z-]+)", css))
    assert used == {v.name for v in THEME_VARIABLES}
    for v in THEME_VARIABLES:
        if v.light.startswith("#"):
            assert f"var({v.name}, {v.light})" in css, v.name
        if v.dark.startswith("#"):
            assert f"var({v.name}, {v.dark})" in css, v.name


def test_embed_snippet_escapes_attribute_values():
    html = embed_snippet("https://x.example/widget.js", [("location", 'A "B" & <C>'), ("kind", "")])
    assert html.endswith(
        '<course-search location="A &quot;B&quot; &amp; &lt;C&gt;"></course-search>'
    )


def test_embed_page_documents_the_recommend_mode_with_a_live_example(client):
    soup = BeautifulSoup(client.get("/embed?career=Phlebotomy+Technician").data, "lxml")
    section = soup.find("h2", string="Programs inside your article").find_parent("section")
    assert (
        section.select_one("#snippet-rec")
        .get_text()
        .endswith(
            '<course-search recommend careers="Phlebotomy Technician" limit="3"></course-search>'
        )
    )
    live = section.select_one("course-search#rec-preview")
    assert live.has_attr("recommend") and live["careers"] == "Phlebotomy Technician"
    names = [th.get_text() for th in soup.select("table th[scope=row] code")]
    assert "recommend" in names
