"""Career phrases indexed as single terms match exactly what Whoosh's phrase query matches."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus_pages import CORPUS
from whoosh import index as whoosh_index
from whoosh import query as wq

from indexer.backends.whoosh.phrases import marks_of
from indexer.backends.whoosh.schema import build_schema
from indexer.phrases import JOIN, career_phrases, stems
from indexer.taxonomy import load_taxonomy

TEXTS = [
    "Medical Assistant certificate",
    "Medical Administrative Assistant",  # the words, not the phrase
    "medical assistants and the medical office",  # a plural
    "assistant medical",  # wrong order
    "Become a medical  -  assistant",  # punctuation between
    "Emergency Medical Technician (EMT) basic",  # three words
    "emergency medical emergency medical technician",  # a repeat before the phrase
    "pharmacy technician; pharmacy technicians",  # twice in one field
    "nothing about careers",
]


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    taxonomy = load_taxonomy(CORPUS / "careers.toml")
    path = tmp_path_factory.mktemp("phrases")
    ix = whoosh_index.create_in(str(path), build_schema(taxonomy))
    writer = ix.writer()
    for n, text in enumerate(TEXTS):
        writer.add_document(id=str(n), title=text, body=text, place=text)
    writer.commit()
    return path


def test_career_phrases_come_from_the_taxonomy() -> None:
    phrases = career_phrases(load_taxonomy(CORPUS / "careers.toml"))
    assert stems("Medical Assistant") in phrases
    assert stems("Emergency Medical Technician") in phrases
    assert all(len(p) >= 2 for p in phrases)


@pytest.mark.parametrize("career", ["Medical Assistant", "Emergency Medical Technician"])
@pytest.mark.parametrize("field", ["title", "body"])
def test_a_marked_phrase_has_the_documents_of_the_phrase_query(
    index: Path, career: str, field: str
) -> None:
    ix = whoosh_index.open_dir(str(index))
    with ix.searcher() as searcher:
        words = stems(career)
        assert words in marks_of(ix.schema[field].analyzer)
        by_phrase = set(searcher.docs_for_query(wq.Phrase(field, list(words))))
        by_term = set(searcher.docs_for_query(wq.Term(field, JOIN.join(words))))
        assert by_term == by_phrase
        titles = {searcher.stored_fields(d)["title"] for d in by_term}
        assert "Medical Administrative Assistant" not in titles
        assert "assistant medical" not in titles
    ix.close()


def test_twice_in_a_field_counts_twice(index: Path) -> None:
    ix = whoosh_index.open_dir(str(index))
    with ix.searcher() as searcher:
        phrase = JOIN.join(stems("Pharmacy Technician"))
        postings = searcher.reader().postings("body", phrase)
        assert postings.weight() == 2.0
    ix.close()


def test_queries_and_the_place_field_have_no_phrase_terms(index: Path) -> None:
    ix = whoosh_index.open_dir(str(index))
    analyzer = ix.schema["title"].analyzer
    assert [t.text for t in analyzer("medical assistant", mode="query")] == ["medic", "assist"]
    assert marks_of(ix.schema["place"].analyzer) == frozenset()
    with ix.searcher() as searcher:
        assert not searcher.reader().doc_frequency("place", JOIN.join(stems("Medical Assistant")))
    ix.close()


def test_a_marked_phrase_adds_nothing_to_the_field_length(index: Path) -> None:
    """BM25 normalises by the words as written: naming a career in full is not a longer title."""
    ix = whoosh_index.open_dir(str(index))
    with ix.searcher() as searcher:
        docnum = searcher.document_number(id="0")  # "Medical Assistant certificate"
        assert searcher.doc_field_length(docnum, "title") == 3
        three_words = searcher.document_number(id="5")  # "Emergency Medical Technician (EMT) basic"
        assert searcher.doc_field_length(three_words, "title") == 5
    ix.close()
