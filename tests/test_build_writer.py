"""The build's faster segment writer writes exactly what Whoosh's own writer writes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from corpus_pages import CORPUS
from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

from indexer.backends.whoosh.postings import text_analysis, text_words
from indexer.backends.whoosh.schema import build_schema
from indexer.backends.whoosh.segment_writer import IndexWriter
from indexer.collect import load_corpus_taxonomy
from indexer.fields import to_fields
from indexer.read import read_source
from indexer.sources import discover


def index_content(path: Path) -> dict[str, Any]:
    """What a search can see of an index: postings, term statistics, stored fields, lengths and
    sort columns, keyed by document id (so segment layout and doc numbers do not matter)."""
    ix = whoosh_index.open_dir(str(path))
    with ix.reader() as reader:
        ids = {n: fields["id"] for n, fields in reader.iter_docs()}
        stored = {fields["id"]: fields for _, fields in reader.iter_docs()}
        postings: dict[tuple[str, bytes], list[Any]] = {}
        for fieldname, text, docnum, weight, value in reader.iter_postings():
            postings.setdefault((fieldname, text), []).append((ids[docnum], weight, value))
        terms = {}
        for key, posts in postings.items():
            posts.sort()
            info = reader.term_info(*key)
            terms[key] = (info.weight(), info.doc_frequency(), info.min_length(), info.max_length())
        # A document without a field: 0 words, or None from a segment where no document has
        # that field (a matter of segment layout, as with Whoosh's own writer).
        lengths = {
            (ids[n], f): reader.doc_field_length(n, f) or 0
            for n in ids
            for f in ix.schema.scorable_names()
        }
        columns = {
            f: {ids[n]: reader.column_reader(f)[n] for n in ids}
            for f in ix.schema.names()
            if ix.schema[f].column_type and reader.has_column(f)
        }
    return {
        "stored": stored,
        "postings": postings,
        "terms": terms,
        "lengths": lengths,
        "columns": columns,
    }


@pytest.mark.parametrize("phrases", [False, True], ids=["plain", "career-phrases"])
@pytest.mark.parametrize("limit_mb", [256, 0.5], ids=["one-segment", "full-writers"])
def test_same_index_as_whooshs_writer(tmp_path, phrases, limit_mb):
    """Ours against Whoosh's, in one segment or (a writer that fills goes on in a new one) in
    several."""
    taxonomy = load_corpus_taxonomy([CORPUS])
    schema = build_schema(taxonomy if phrases else None)
    fields = [
        to_fields(doc, taxonomy)
        for source in discover([CORPUS]).sources
        for doc in read_source(source, taxonomy).documents
    ]
    assert len(fields) > 100
    built = {}
    for name in ("whoosh", "ours"):
        path = tmp_path / name
        path.mkdir()
        ix = whoosh_index.create_in(str(path), schema)
        writer = SegmentWriter(ix, limitmb=256) if name == "whoosh" else IndexWriter(ix, limit_mb)
        for doc in fields:
            writer.add_document(**doc)
            if isinstance(writer, IndexWriter):
                writer = writer.rolled()
        writer.commit(merge=False)
        if name == "ours":
            segments = len(ix._segments())
            assert segments == 1 if limit_mb == 256 else segments > 3
        built[name] = index_content(path)
    assert built["ours"]["stored"] == built["whoosh"]["stored"]
    for part in ("postings", "terms", "lengths", "columns"):
        assert built["ours"][part] == built["whoosh"][part], part


TRICKY = [
    "ΟΔΟΣ'Α and ΟΔΟΣ.Α: a capital sigma lowercases by its neighbours",
    "İstanbul ﬁnance Straße — e.g. 2.5 hours... a.b..c .lead trail. x",
    "Phlebotomy Technician (CNA) classes: Certified Nursing Assistant, nursing assistant",
    "the of and a",
    "",
    "Ǆemal ǅ ǆ ΣΑΣ σας Σ",
]


@pytest.mark.parametrize("text", TRICKY)
def test_text_words_are_the_words_of_whooshs_analyzer(text):
    """The writer's one-pass reading of a text field gives the terms and positions that the
    field's own Whoosh analyzer gives (with career phrase marks), for scripts where lowercasing
    a whole text is not lowercasing each word."""
    taxonomy = load_corpus_taxonomy([CORPUS])
    field = build_schema(taxonomy)["title"]
    how = text_analysis(field)
    assert how is not None
    expected = [(t.text, t.pos) for t in field.analyzer(text, positions=True)]
    words = text_words(text, how)
    got = [] if words is None else [(s, words.first + k) for k, s in enumerate(words.stems)]
    if words is not None:
        got += words.marks
    assert sorted(got) == sorted(expected)


def test_a_one_process_build_whose_writer_fills_indexes_the_same(tmp_path, monkeypatch):
    """``course-search index`` in one process with ``COURSE_SEARCH_WRITER_MB`` small: its writer
    fills, writes its segment and goes on in a new one, and the index says what one segment
    says."""
    from indexer import generations
    from indexer.build import BuildOptions, build

    whole = build(BuildOptions([CORPUS], tmp_path / "whole", full=True, workers=1))
    monkeypatch.setenv("COURSE_SEARCH_WRITER_MB", "1")
    rolled = build(BuildOptions([CORPUS], tmp_path / "rolled", full=True, workers=1))
    assert whole.ok and rolled.ok and rolled.documents == whole.documents > 100
    live_whole, live_rolled = (
        generations.current(tmp_path / "whole"),
        generations.current(tmp_path / "rolled"),
    )
    assert live_whole is not None and live_rolled is not None
    segments = {p.name.split(".")[0] for p in live_rolled.path.glob("MAIN_*.trm")}
    assert len(segments) > 1
    assert index_content(live_rolled.path) == index_content(live_whole.path)
