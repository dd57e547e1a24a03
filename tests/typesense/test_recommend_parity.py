"""Recommendations and matches on Typesense: the same answers as on Whoosh, since both are built
on the one search service."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from corpus_pages import write_small_corpus
from test_parity import assert_snippet_safe

from indexer.backends.typesense.index import build_typesense
from indexer.backends.typesense.schema import Cluster
from indexer.build import BuildOptions, build
from search_app.match import MatchRequest, match_programs
from search_app.recommend import RecommendRequest, recommend
from search_app.search import SearchService

RECOMMEND = [
    RecommendRequest(doc="articles/pharmacy-technician-vs-pals-provider"),
    RecommendRequest(doc="articles/pharmacy-technician-vs-pals-provider", near="07102"),
    RecommendRequest(careers=("phlebotomist", "cna"), near="Houston, TX", explain=True),
    RecommendRequest(doc="articles/how-to-become-a-phlebotomy-technician", per_page=1, page=2),
]
MATCH = [
    MatchRequest(q="phlebotomy", near="Houston, TX", max_cost=1000),
    MatchRequest(q="pharmacy", online=True),
    MatchRequest(q="pharm tech", max_weeks=16),
    MatchRequest(max_cost=800),
]


@pytest.fixture
def engines(
    tmp_path: Path, ts_settings: dict[str, Any], services: Any
) -> tuple[SearchService, SearchService]:
    corpus = write_small_corpus(tmp_path / "corpus")
    whoosh = build(BuildOptions([corpus], tmp_path / "index", full=True))
    typesense = build_typesense(
        BuildOptions([corpus], tmp_path / "ts-state"), Cluster.from_settings(ts_settings)
    )
    assert whoosh.ok and typesense.ok, (whoosh.errors, typesense.errors)
    return (
        services({"ENGINE": "whoosh", "INDEX_DIR": str(tmp_path / "index")}),
        services(ts_settings),
    )


def _comparable(data: dict[str, Any]) -> dict[str, Any]:
    """Scores (and how snippets are cut) differ between engines by design; the programs, their
    order, facts and reasons must not."""
    for key in ("programs", "results"):
        for item in data.get(key, []):
            item.pop("score", None)
            assert_snippet_safe(item.pop("snippet", ""))
            if isinstance(item.get("why"), dict):
                item["why"].pop("fit_score", None)
            if item.get("distance_miles") is not None:
                item["distance_miles"] = round(item["distance_miles"])
    return data


def test_recommendations_are_the_same_on_both_engines(engines: Any) -> None:
    whoosh, typesense = engines
    for wanted in RECOMMEND:
        a = _comparable(recommend(whoosh, wanted).to_json())
        b = _comparable(recommend(typesense, wanted).to_json())
        assert a["programs"], wanted
        assert b == a, wanted


def test_matches_are_the_same_on_both_engines(engines: Any) -> None:
    whoosh, typesense = engines
    for wanted in MATCH:
        a = _comparable(match_programs(whoosh, wanted).to_json())
        b = _comparable(match_programs(typesense, wanted).to_json())
        assert a["results"], wanted
        assert b == a, wanted
