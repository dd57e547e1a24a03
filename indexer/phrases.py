"""Career names as single index terms, so a career phrase is one posting list, not a walk.

``ranking.career_clause`` asks for a career's words as a phrase ("medical assistant" must not
match "Medical Administrative Assistant"). Whoosh answers a phrase by walking every document that
has all its words and comparing positions in Python: about a second per career at 100k
documents. The careers are known when the index is built, so the analyzer of each text field also
emits, where the stems of a career term follow one another, one extra term: the stems joined by a
space (``"medic assist"``), which no tokenizer can produce. Its documents are exactly those
``Phrase(field, ["medic", "assist"])`` matches. This module says which phrases there are (any
engine); ``indexer.backends.whoosh.phrases`` marks them in Whoosh's analysis.
"""

from __future__ import annotations

from indexer import analysis
from indexer.taxonomy import Taxonomy

JOIN = " "


def stems(text: str) -> tuple[str, ...]:
    """The analysed terms of a text, in order (repeats kept: phrases are sequences)."""
    return tuple(analysis.stems(text))


def career_phrases(taxonomy: Taxonomy) -> frozenset[tuple[str, ...]]:
    """Every career name and alias of two or more terms, as stems."""
    found = {stems(term) for career in taxonomy.careers for term in career.terms}
    return frozenset(p for p in found if len(p) >= 2)
