"""synonyms.toml reaches both engines: the same file, indexed into Whoosh and Typesense, makes
the same queries find the same documents (index-time words, career aliases at query time)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from corpus_pages import write_small_corpus

from indexer.backends.typesense.index import build_typesense
from indexer.backends.typesense.schema import Cluster
from indexer.build import BuildOptions, build
from search_app.query import MultiDictArgs, parse_args
from search_app.search import SearchService

SYNONYMS = """
[[one_way]]
from = "apothecary"
to = ["pharmacy"]

[[synonyms]]
words = ["compounding", "drug mixing"]

[careers]
"Pharmacy Technician" = ["script filler"]
"""


def test_the_same_synonyms_file_changes_both_engines_alike(
    tmp_path: Path,
    ts_settings: dict[str, Any],
    services: Callable[[dict[str, Any]], SearchService],
) -> None:
    corpus = write_small_corpus(tmp_path / "corpus")
    (corpus / "synonyms.toml").write_text(SYNONYMS, encoding="utf-8")
    assert build(BuildOptions([corpus], tmp_path / "index", full=True)).ok
    lock_dir = tmp_path / "ts-lock"
    assert build_typesense(
        BuildOptions([corpus], lock_dir, full=True), Cluster.from_settings(ts_settings)
    ).ok
    whoosh = services({"ENGINE": "whoosh", "INDEX_DIR": str(tmp_path / "index")})
    typesense = services({**ts_settings, "INDEX_DIR": str(lock_dir)})
    for q in ("apothecary", "drug mixing", "script filler"):
        query = parse_args(MultiDictArgs({"q": q}))
        a, b = whoosh.search(query), typesense.search(query)
        assert a.relaxed == b.relaxed == [], q
        assert a.interpreted["careers"] == b.interpreted["careers"], q
        assert a.total == b.total > 0, q
        assert {h.id for h in a.results} == {h.id for h in b.results}, q
    found = whoosh.search(parse_args(MultiDictArgs({"q": "script filler"})))
    assert found.interpreted["careers"] == ["Pharmacy Technician"]
