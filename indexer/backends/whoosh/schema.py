"""The one Whoosh schema: the fields of :mod:`indexer.fields` declared to Whoosh."""

from __future__ import annotations

from typing import Any

from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from indexer import analysis
from indexer.backends.whoosh.phrases import MarkedPositions, PhraseMarks
from indexer.phrases import career_phrases
from indexer.taxonomy import Taxonomy


def analyzer() -> Any:
    """Stemming, lowercasing and English stop words; one analyzer for every text field."""
    return StemmingAnalyzer(stemfn=analysis.stem)


def build_schema(taxonomy: Taxonomy | None = None) -> Schema:
    """The schema; with a taxonomy, the text fields (but place) also index career phrases as
    single terms (:mod:`indexer.phrases`)."""
    place = analyzer()
    phrases = career_phrases(taxonomy) if taxonomy is not None else frozenset()
    text = analyzer() | PhraseMarks(phrases) if phrases else place

    def marked(stored: bool) -> TEXT:
        found = TEXT(analyzer=text, stored=stored)
        if phrases:
            found.format = MarkedPositions(field_boost=found.format.field_boost)
        return found

    def sort_column() -> NUMERIC:
        # Read from its column (sorting, "under $1,000"), never searched: no postings. Indexed,
        # a 32-bit number is eight range terms per document, a sixth of a build's postings.
        found = NUMERIC(int, bits=32, sortable=True)
        found.indexed = False
        return found

    return Schema(
        id=ID(stored=True, unique=True),
        source=ID(stored=True),
        kind=ID(stored=True),
        title=marked(stored=True),
        career_terms=marked(stored=False),
        summary=marked(stored=True),
        body=marked(stored=True),
        provider=marked(stored=True),
        place=TEXT(analyzer=place),
        careers=KEYWORD(stored=True, commas=True, scorable=False, lowercase=False),
        location=ID(stored=True),
        state=ID(stored=True),
        format=ID(stored=True),
        # Stored only: read back with a hit, never searched (the format facet holds "online").
        online=STORED,
        cost_usd=STORED,
        cost_sort=sort_column(),
        duration_weeks=STORED,
        duration_sort=sort_column(),
        published_sort=sort_column(),
        extra=STORED,
    )
