"""The build's faster segment writer writes exactly what Whoosh's own writer writes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from corpus_pages import CORPUS
from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

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
        lengths = {
            (ids[n], f): reader.doc_field_length(n, f)
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
def test_same_index_as_whooshs_writer_even_when_postings_spill_to_disk(tmp_path, phrases):
    taxonomy = load_corpus_taxonomy([CORPUS])
    schema = build_schema(taxonomy if phrases else None)
    fields = [
        to_fields(doc, taxonomy)
        for source in discover([CORPUS]).sources
        for doc in read_source(source, taxonomy).documents
    ]
    assert len(fields) > 100
    built = {}
    for name, writer_class, limitmb in (("whoosh", SegmentWriter, 256), ("ours", IndexWriter, 1)):
        path = tmp_path / name
        path.mkdir()
        ix = whoosh_index.create_in(str(path), schema)
        writer = writer_class(ix, limitmb=limitmb)  # 1 MB: ours sorts in many runs on disk
        for doc in fields:
            writer.add_document(**doc)
        if name == "ours":
            assert len(writer.terms.runs) > 3
        writer.commit()
        built[name] = index_content(path)
    assert built["ours"]["stored"] == built["whoosh"]["stored"]
    for part in ("postings", "terms", "lengths", "columns"):
        assert built["ours"][part] == built["whoosh"][part], part
