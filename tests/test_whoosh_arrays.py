"""The numpy path matches and scores exactly as the Whoosh query it stands for.

``engines.whoosh.query.build`` makes a Whoosh query; ``ArrayScorer.evaluate`` answers the same plan
from arrays.
For every judged query and each relaxation plan, both must match the same documents with the same
scores (to rounding), and the first page must come out in the same order.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import numpy as np
import pytest
from corpus_pages import program_page

from indexer.build import BuildOptions, build
from search_app.engines.common.spelling import near_spellings
from search_app.engines.common.terms import terms_of
from search_app.engines.types import Plan
from search_app.engines.whoosh.engine import WhooshEngine, WhooshSession
from search_app.engines.whoosh.query import build as build_query
from search_app.engines.whoosh.scoring import top
from search_app.understand import interpret

JUDGED = [
    q["q"]
    for q in tomllib.loads(
        (Path(__file__).parent / "relevance" / "judgments.toml").read_text(encoding="utf-8")
    )["query"]
]
EXTRA = [
    "",  # no words: everything, scored alike
    "in houston",
    "phlebotomy near houston under $1000",
    "pharmacy technician vs pals provider",
    "zzzz nothing",
    "medical assistant",
    "flebotomy clases",  # near spellings
    "pharmacy techncian houstn",
]
PLANS = [Plan(), Plan(any_term=True), Plan(careers_required=False), Plan(fuzzy=True)]


def assert_same_as_whoosh(session: WhooshSession, q: str, plan: Plan) -> None:
    snap = session.snap
    interp = interpret(q, session.taxonomy, session.places)
    mask, scores = snap.scorer.evaluate(interp, plan)
    query = build_query(interp, plan, snap.scorer.expand).query
    results = snap.searcher.search(query, limit=None)
    expected = {hit.docnum: float(hit.score) for hit in results}
    found = {int(d) for d in np.flatnonzero(mask)}
    assert found == set(expected), (q, plan, len(found), len(expected))
    for docnum, score in expected.items():
        assert scores[docnum] == pytest.approx(score, rel=1e-9), (q, plan, docnum)
    ours = top(np.flatnonzero(mask).astype(np.int32), scores, 20)
    theirs = [(hit.docnum, float(hit.score)) for hit in results[:20]]
    assert [round(s, 6) for _, s in ours] == [round(s, 6) for _, s in theirs], (q, plan)
    # Same order, except among documents whose scores tie (to rounding).
    by_score: dict[float, set[int]] = {}
    for docnum, score in theirs:
        by_score.setdefault(round(score, 6), set()).add(docnum)
    for docnum, score in ours:
        assert docnum in by_score[round(score, 6)], (q, plan, docnum)


@pytest.fixture(scope="module")
def shipped_session(shipped_index: Path):
    engine = WhooshEngine(shipped_index)
    with engine.session() as session:
        yield session
    engine.close()


@pytest.mark.parametrize("q", JUDGED + EXTRA)
def test_arrays_match_and_score_as_whoosh_does(shipped_session: WhooshSession, q: str) -> None:
    interp = interpret(q, shipped_session.taxonomy, shipped_session.places)
    near = near_spellings(shipped_session.speller, interp.text, float("inf"))
    for plan in [*PLANS, Plan(fuzzy=True, near=near), Plan(any_term=True, fuzzy=True, near=near)]:
        assert_same_as_whoosh(shipped_session, q, plan)
    typing = q[: len(q) - 2]  # the last word still being typed
    words = terms_of(typing)
    if words:
        assert_same_as_whoosh(shipped_session, typing, Plan(prefixes=frozenset({words[-1]})))


def test_expansions_are_the_commonest_real_terms(shipped_session: WhooshSession) -> None:
    scorer = shipped_session.snap.scorer
    completions = scorer.expand("title", "phleb", True)
    assert completions and all(c.startswith("phleb") for c in completions)
    assert not any(" " in c for c in scorer.expand("title", "medic", True))  # no marked phrases
    reader = shipped_session.snap.searcher.reader()
    counts = [reader.doc_frequency("title", w) for w in completions]
    assert counts == sorted(counts, reverse=True)


def test_near_spellings_are_a_few_known_terms(shipped_session: WhooshSession) -> None:
    near = dict(near_spellings(shipped_session.speller, "flebotomy houstn", float("inf")))
    assert "phlebotomi" in near["flebotomi"]
    assert "houston" in near["houstn"]
    assert all(0 < len(found) <= 6 for found in near.values())


def test_several_segments_and_deleted_documents(small_index: Path, index_dir: Path) -> None:
    """An incremental build adds a segment and deletes the old copy of a changed page: the
    arrays must follow Whoosh's document numbers and leave the deleted copy out."""
    changed = program_page(
        "Evening Phlebotomy Certificate",
        career="Phlebotomy Technician",
        provider="Capitol Evening School",
        city="Austin",
        state="TX",
        cost=640,
    )
    (small_index / "programs" / "tx" / "austin-phlebotomy.html").write_text(changed, "utf-8")
    assert build(BuildOptions([small_index], index_dir)).ok
    engine = WhooshEngine(index_dir)
    with engine.session() as session:
        reader = session.snap.searcher.reader()
        assert len(reader.leaf_readers()) > 1 or reader.has_deletions()
        assert session.documents == reader.doc_count()
        for q in ["phlebotomy", "evening phlebotomy", "austin", "pharmacy technician", ""]:
            for plan in PLANS:
                assert_same_as_whoosh(session, q, plan)
    engine.close()


@pytest.mark.parametrize("q", ["", "phlebotomy", "pharmacy technician vs pals provider", "cna"])
def test_facet_counts_are_the_stored_values_of_the_matches(
    shipped_session: WhooshSession, q: str
) -> None:
    """Counted from the arrays, each facet equals a count over the matching documents' stored
    fields (careers has several values per document)."""
    from collections import Counter

    from search_app.query import SearchQuery

    query = SearchQuery(q=q)
    interp = interpret(q, shipped_session.taxonomy, shipped_session.places)
    matched = shipped_session.match(interp, Plan(), query)
    facets = shipped_session.facets(matched, query)
    searcher = shipped_session.snap.searcher
    expected: dict[str, Counter[str]] = {"career": Counter(), "location": Counter()}
    for docnum in np.flatnonzero(matched.hits):
        stored = searcher.stored_fields(int(docnum))
        expected["career"].update(c for c in stored.get("careers", "").split(",") if c)
        if stored.get("location"):
            expected["location"][stored["location"]] += 1
    assert expected["career"], q  # something to count
    for name in ("career", "location"):
        assert {v.value: v.count for v in facets[name]} == dict(expected[name]), (q, name)
