"""The translation to Typesense's parameters, without a server: filters, words, snippets."""

from __future__ import annotations

from indexer.backends.typesense.schema import Cluster
from indexer.taxonomy import Taxonomy
from search_app.engines.types import Interpretation, PlaceFilter, Plan
from search_app.engines.typesense.query import (
    NOTHING,
    career_clause,
    derived_clauses,
    one_of,
    query_words,
    snippet_html,
    sort_by,
    text_params,
)
from search_app.query import SearchQuery

START, END = "[n[", "]n]"


def test_values_are_quoted_and_a_backtick_matches_nothing() -> None:
    assert one_of("location", ["Houston, TX", "A && B || (C)"]) == (
        "location:=[`Houston, TX`, `A && B || (C)`]"
    )
    assert one_of("location", ["x`], kind:=[`article"]) == NOTHING


def test_place_online_cost_and_length_become_filters() -> None:
    interp = Interpretation(
        place=PlaceFilter("Newark, NJ", lat=40.7357, lon=-74.1724, radius_miles=25),
        online=True,
        max_cost=1500,
        max_weeks=8,
    )
    clauses = derived_clauses(interp)
    assert clauses["place"].startswith("(location_geo:(40.735700, -74.172400, 25 mi) || ")
    assert (
        "(kind:=[`article`] && (title:`newark` || summary:`newark` || body:`newark`))"
        in (clauses["place"])
    )
    assert clauses["cost"] == "cost_usd:<=1500" and clauses["length"] == "duration_weeks:<=8"
    state = derived_clauses(Interpretation(place=PlaceFilter("NJ", state_only=True)))
    assert state["place"].startswith("(state:=[`NJ`] || (kind:=[`article`] && (title:`new jersey`")


def test_one_career_is_matched_by_its_words_and_several_by_a_filter() -> None:
    one = Interpretation(text="salary", careers=["CNA"], career_words={"CNA": "cnas"})
    assert query_words(one, Plan(), Taxonomy()) == ["cna", "salary"]
    assert query_words(one, Plan(careers_required=False), Taxonomy()) == ["salary"]
    names = {"Home Health Aide": "hha", "EMT": "emt b"}
    two = Interpretation(careers=list(names), career_words=names)
    assert query_words(two, Plan(), Taxonomy()) == []
    clause = career_clause(two, Taxonomy())
    assert clause is not None
    assert clause.startswith("(careers:=[`Home Health Aide`, `EMT`] || (title:`hha` || ")
    assert "body:`emt`" in clause and "emt b" not in clause  # as Whoosh, single letters go


def test_plan_maps_onto_typos_dropped_words_and_prefixes() -> None:
    strict = text_params(["pharmacy", "tec"], Plan(prefixes=frozenset({"tec"})))
    assert (strict["num_typos"], strict["drop_tokens_threshold"], strict["prefix"]) == (
        0,
        0,
        "true",
    )
    loose = text_params(["pharmacy", "tech"], Plan(any_term=True, fuzzy=True))
    assert loose["num_typos"] == 2 and loose["drop_tokens_threshold"] > 1000
    assert loose["query_by_weights"] == "8,6,4,3,3,2"
    assert text_params([], Plan())["q"] == "*"


def test_sorts() -> None:
    place = PlaceFilter("Houston, TX", lat=29.76, lon=-95.37)
    assert sort_by(SearchQuery(sort="cost"), place, ["x"]) == "cost_sort:asc,seq:asc"
    assert sort_by(SearchQuery(), None, ["x"]) == "_text_match:desc,title_words:asc,seq:asc"
    assert sort_by(SearchQuery(), place, []).startswith("location_geo(29.760000, -95.370000):asc")


def test_snippets_are_escaped_text_and_marks() -> None:
    text = "Draw <b>blood</b> & more here"
    snippet = f"Draw <b>{START}blood{END}</b> & {START}mo{END}re"
    assert snippet_html(snippet, text, START, END) == (
        "Draw &lt;b&gt;<mark>blood</mark>&lt;/b&gt; &amp; <mark>more</mark> …"
    )
    unclosed = snippet_html(f"a {START}x <mark>y", "a x <mark>y", START, END)
    assert unclosed == "a <mark>x &lt;mark&gt;y</mark>"


def test_cluster_settings() -> None:
    cluster = Cluster.from_settings(
        {"TYPESENSE_NODES": "http://a:8108, http://b:8108/", "TYPESENSE_API_KEY": "k"}
    )
    assert cluster.nodes == ("http://a:8108", "http://b:8108")
    assert cluster.collection(7) == "course_search_000007"
    assert cluster.number_of("course_search_000007") == 7
    assert cluster.number_of("course_search__meta") is None
