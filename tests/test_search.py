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
    results = run(service, q="specimen dispensing")
    assert results.relaxed == ["matched any of the words, not all"]
    assert {h.title for h in results.results} == {
        "Phlebotomy Essentials",
        "Pharmacy Technician Program",
    }


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


def test_place_in_the_words_filters_programs_and_keeps_articles_about_it(service):
    results = run(service, q="phlebotomy houston")
    assert results.interpreted["location"] == "Houston, TX"
    assert [(h.title, h.distance_miles) for h in results.results] == [
        ("Phlebotomy Technician Certificate", 0.0)
    ]
    assert [c.kind for c in results.chips] == ["career", "place"]


def test_ignoring_the_place_searches_everywhere(service):
    results = run(service, q="phlebotomy houston", ignore="place")
    assert results.interpreted["location"] is None
    # "houston" is a word again; only the Houston program has it.
    assert [h.title for h in results.results] == ["Phlebotomy Technician Certificate"]
    everywhere = run(service, q="phlebotomy", kind="program")
    assert everywhere.total == 2


def test_near_and_radius_filter_and_rank_by_distance(service):
    near = run(service, near="Pasadena, TX", radius="30", kind="program")
    assert {h.location for h in near.results} == {"Houston, TX"}
    assert all(h.distance_miles is not None and h.distance_miles < 30 for h in near.results)
    wide = run(service, near="Pasadena, TX", radius="300", kind="program", q="phlebotomy")
    assert [h.location for h in wide.results] == ["Houston, TX", "Dallas, TX"]
    assert wide.results[0].distance_miles < wide.results[1].distance_miles


def test_nothing_found_is_relaxed_step_by_step_saying_what(service):
    results = run(service, q="phlebotomy houston under $100")
    assert results.relaxed == ["ignored the cost limit (under $100)"]
    assert results.total == 1
    farther = run(service, q="pharmacy technician near houston")
    assert farther.relaxed == ["searched everywhere, not only Houston, TX"]
    assert farther.total == 3


def test_limits_chosen_as_parameters_are_never_relaxed(service):
    """The words' "under $100" may be dropped to find something; max_cost=100 may not, nor a
    place chosen with near=: the reader asked for exactly that."""
    cost = run(service, q="phlebotomy houston", max_cost="100")
    assert cost.total == 0 and cost.relaxed == []
    length = run(service, q="phlebotomy", max_weeks="1")
    assert length.total == 0 and length.relaxed == []
    place = run(service, q="pharmacy technician", near="Houston, TX")
    assert place.total == 0
    assert not [r for r in place.relaxed if "miles" in r or "everywhere" in r]


def test_misspelling_is_corrected_from_the_index_vocabulary(service):
    results = run(service, q="phlebotomy essentails")
    assert results.relaxed == ["showing results for “phlebotomy essentials”"]
    assert results.results[0].title == "Phlebotomy Essentials"
    assert results.chips[0].kind == "spelling"
    literal = run(service, q="phlebotomy essentails", ignore="spelling")
    # Taken literally, the misspelt word matches nothing and nothing is corrected behind our back.
    assert literal.results == [] and literal.suggestion is None
    assert "spelling" not in [c.kind for c in literal.chips]


def test_career_facts_panel_side_by_side_for_a_comparison(service):
    results = run(service, q="pharmacy technician vs pals provider")
    panel = {c.name: c for c in results.careers_panel}
    assert list(panel) == ["Pharmacy Technician", "PALS Provider"]
    pharmacy = panel["Pharmacy Technician"]
    assert (pharmacy.median_pay_usd, pharmacy.median_pay_year, pharmacy.growth_pct) == (
        43460,
        2024,
        6,
    )
    assert pharmacy.programs == 2
    assert "BLS" in pharmacy.source
    assert panel["PALS Provider"].median_pay_usd is None


def test_explain_gives_score_components(service):
    results = run(service, q="phlebotomy houston", explain="1")
    parts = results.results[0].explain
    assert parts is not None
    assert parts["career:Phlebotomy Technician"] > 0
    assert parts["total"] == results.results[0].score
    assert "geo_factor" in parts
    assert run(service, q="phlebotomy").results[0].explain is None


def test_online_in_the_words_keeps_online_programs(service):
    results = run(service, q="pharmacy online")
    assert results.interpreted["format"] == "online"
    assert [h.title for h in results.results if h.kind == "program"] == [
        "Online Pharmacy Technician Course"
    ]


def test_repeated_queries_come_from_the_cache_until_the_generation_changes(
    service, small_index, index_dir
):
    from corpus_pages import program_page

    from indexer.build import BuildOptions, build

    first = run(service, q="phlebotomy")
    again = run(service, q="phlebotomy")
    assert service.cache.hits == 1
    assert [h.id for h in again.results] == [h.id for h in first.results]
    page = small_index / "programs" / "tx" / "austin-phlebotomy.html"
    page.write_text(
        program_page(
            "Phlebotomy Weekend Course",
            career="Phlebotomy Technician",
            provider="Hill Country",
            city="Austin",
            state="TX",
            cost=800,
        )
    )
    build(BuildOptions([small_index], index_dir))
    import time

    deadline = time.monotonic() + 2
    while run(service, q="phlebotomy").total == first.total and time.monotonic() < deadline:
        time.sleep(0.1)
    assert run(service, q="phlebotomy").total == first.total + 1
