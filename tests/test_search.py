"""The search service on a small real index: ranking, fallback, filters, facet counts, snippets."""

from __future__ import annotations

import pytest

from search_app.query import MultiDictArgs, parse_args
from search_app.search import SearchService


@pytest.fixture
def service(small_index, index_dir) -> SearchService:
    return SearchService(index_dir)


def run(service: SearchService, **args):
    return service.search(parse_args(MultiDictArgs(dict(args.items()))))


def facet(results, name: str) -> dict[str, int]:
    return {v.value: v.count for v in results.facets[name]}


def test_title_match_ranks_first(service):
    results = run(service, q="phlebotomy essentials")
    assert results.results[0].title == "Phlebotomy Essentials"


def test_all_terms_required_when_they_match(service):
    results = run(service, q="phlebotomy houston")
    assert [h.title for h in results.results] == ["Phlebotomy Technician Certificate"]
    assert results.relaxed == []


def test_falls_back_to_any_term_when_no_document_has_all(service):
    results = run(service, q="phlebotomy welding")
    assert results.relaxed == ["any-term"]
    assert results.total == 3  # two phlebotomy programs and the phlebotomy article
    assert all("hlebotomy" in h.title for h in results.results)


def test_stemming_matches_other_word_forms(service):
    titles = [h.title for h in run(service, q="specimens").results]
    assert titles == ["Phlebotomy Essentials"]


def test_career_aliases_find_the_career(service):
    results = run(service, q="phlebotomist")
    assert {h.title for h in results.results} >= {
        "Phlebotomy Technician Certificate",
        "Phlebotomy Essentials",
    }


def test_facets_count_every_match(service):
    results = run(service, q="pharmacy")
    assert facet(results, "career") == {"Pharmacy Technician": 3, "PALS Provider": 1}
    assert facet(results, "location") == {"Newark, NJ": 1, "Online": 1}
    assert facet(results, "kind") == {"program": 2, "article": 1}


def test_selecting_a_facet_value_gives_exactly_its_count(service):
    before = run(service)
    counts = facet(before, "location")
    for location, count in counts.items():
        after = run(service, location=location, per_page="50")
        assert after.total == count == len(after.results)
        assert {h.location for h in after.results} == {location}


def test_facet_counts_are_disjunctive(service):
    results = run(service, location="Houston, TX")
    locations = facet(results, "location")
    # Choosing Houston still shows what Dallas would have, and the other facets apply Houston.
    assert locations["Dallas, TX"] == 1
    assert locations["Houston, TX"] == 2
    assert facet(results, "career") == {
        "Phlebotomy Technician": 1,
        "Certified Nursing Assistant": 1,
    }
    selected = [v for v in results.facets["location"] if v.selected]
    assert [v.value for v in selected] == ["Houston, TX"]


def test_values_within_a_facet_or_and_across_facets_and(service):
    either = run(service, location=["Houston, TX", "Dallas, TX"])
    assert either.total == 3
    both = run(service, location=["Houston, TX", "Dallas, TX"], career="Phlebotomy Technician")
    assert both.total == 2


def test_state_and_format_filters(service):
    assert {h.location for h in run(service, state="texas").results} == {
        "Houston, TX",
        "Dallas, TX",
    }
    online = run(service, format="online")
    assert [h.title for h in online.results] == ["Online Pharmacy Technician Course"]


def test_snippets_are_escaped_text_with_marks_only(service):
    results = run(service, q="blood")
    snippet = results.results[0].snippet
    assert "<mark>blood</mark>" in snippet.lower()
    stripped = snippet.replace("<mark>", "").replace("</mark>", "")
    assert "<" not in stripped and ">" not in stripped


def test_paging_and_sorting_by_cost(service):
    first = run(service, kind="program", sort="cost", per_page="2")
    second = run(service, kind="program", sort="cost", per_page="2", page="2")
    third = run(service, kind="program", sort="cost", per_page="2", page="3")
    costs = [h.cost_usd for page in (first, second, third) for h in page.results]
    assert costs == [700, 950, 1100, 1250, 2400]
    assert first.total == 5 and first.pages == 3


def test_page_past_the_end_is_empty_not_an_error(service):
    results = run(service, page="50")
    assert results.results == [] and results.total == 7


def test_comparison_query_reports_both_careers(service):
    results = run(service, q="pharmacy technician vs pals provider")
    assert results.interpreted["careers"] == ["Pharmacy Technician", "PALS Provider"]
    assert results.results[0].title == "Pharmacy Technician vs PALS Provider"


def test_suggest_careers_locations_and_titles(service):
    careers = [(s.type, s.value) for s in service.suggest("phleb")]
    assert careers[0] == ("career", "Phlebotomy Technician")
    assert ("title", "Phlebotomy Essentials") in careers
    assert ("location", "Houston, TX") in [(s.type, s.value) for s in service.suggest("hou")]
    assert service.suggest("   ") == []


def test_document_by_id(service):
    doc = service.get("programs/tx/dallas-phlebotomy")
    assert doc is not None
    assert (doc.provider, doc.location, doc.cost_usd, doc.duration_weeks) == (
        "North Texas Career College",
        "Dallas, TX",
        1250,
        8,
    )
    assert service.get("programs/nope") is None
