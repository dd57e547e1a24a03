"""Our shipped corpus: big and varied enough to search, and reproducible from its facts table."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from collections import Counter
from pathlib import Path

from bs4 import BeautifulSoup

from search_app.query import MultiDictArgs, parse_args
from search_app.search import SearchService

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


def test_taxonomy_has_healthcare_first_and_facts():
    careers = tomllib.loads((CORPUS / "careers.toml").read_text())["careers"]
    assert len(careers) >= 20
    names = [c["name"] for c in careers]
    assert names[:3] == ["Pharmacy Technician", "PALS Provider", "BLS / CPR"]
    assert len(set(names)) == len(names)
    assert {c["category"] for c in careers} >= {"healthcare", "certification", "trades"}
    with_pay = [c for c in careers if "median_pay_usd" in c]
    assert len(with_pay) >= 15
    assert all(c["median_pay_year"] == 2024 and "facts_source" in c for c in with_pay)
    assert all(len(c["aliases"]) >= 5 for c in careers)


def test_articles_are_long_enough_and_carry_schema_org():
    pages = sorted((CORPUS / "articles").glob("*.html"))
    assert len(pages) >= 12
    kinds = Counter()
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        words = len(soup.find("article").get_text(" ").split())
        assert words >= 400, f"{path.name}: {words} words"
        if soup.find("script", type="application/ld+json"):
            kinds["json-ld"] += 1
        elif soup.find(attrs={"itemscope": True}):
            kinds["microdata"] += 1
    assert kinds["json-ld"] >= 12
    assert sum(" vs " in p.stem.replace("-vs-", " vs ") for p in pages) >= 4


def test_program_pages_are_rendered_from_the_facts_table(tmp_path):
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "render_programs.py"), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    rendered = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*.html")}
    shipped = {
        p.relative_to(CORPUS / "programs"): p.read_bytes()
        for p in (CORPUS / "programs").rglob("*.html")
    }
    assert rendered == shipped


def test_program_markup_varies_as_on_the_web():
    kinds = Counter()
    for path in (CORPUS / "programs").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        kinds[
            "json-ld"
            if "application/ld+json" in text
            else "microdata"
            if "itemscope" in text
            else "none"
        ] += 1
    assert kinds["json-ld"] >= 100 and kinds["microdata"] >= 30 and kinds["none"] >= 30


def test_shipped_index_spans_careers_cities_states_and_online(shipped_index):
    results = SearchService(shipped_index).search(parse_args(MultiDictArgs({"kind": "program"})))
    assert results.total >= 200
    careers = {f.value: f.count for f in results.facets["career"]}
    locations = {f.value: f.count for f in results.facets["location"]}
    states = {loc.rsplit(", ", 1)[1] for loc in locations if ", " in loc}
    assert len(careers) >= 15
    assert len([loc for loc in locations if loc != "Online"]) >= 25
    assert len(states) >= 8
    assert locations["Online"] >= 10
    service = SearchService(shipped_index)
    untagged = [
        hit.id
        for page in range(1, results.total // 50 + 2)
        for hit in service.search(
            parse_args(MultiDictArgs({"kind": "program", "per_page": "50", "page": str(page)}))
        ).results
        if not hit.careers
    ]
    assert untagged == []
