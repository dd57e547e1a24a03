"""A text's terms as every engine indexes them: the shared analysis (``indexer.analysis``)."""

from __future__ import annotations

from indexer import analysis

MAX_TERMS = 12  # a query's distinct words that count: more adds cost, not precision


def terms_of(text: str) -> list[str]:
    """The analysed (lowercased, stemmed, stop-word-free) terms of a text, without repeats."""
    return list(dict.fromkeys(analysis.stems(text)))[:MAX_TERMS]
