"""The index's own vocabulary (surface words, not stems), for did-you-mean and typo tolerance."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from indexer.models import Document
from indexer.taxonomy import Taxonomy, fold

FILE = "vocabulary.json"
MAX_WORDS = 60_000
MIN_LENGTH = 3


def document_words(doc: Document) -> Iterable[str]:
    for text in (doc.title, doc.summary, doc.provider or "", doc.city or "", *doc.careers):
        for word in fold(text).split():
            if len(word) >= MIN_LENGTH and not word.isdigit():
                yield word


def taxonomy_words(taxonomy: Taxonomy) -> Counter[str]:
    words: Counter[str] = Counter()
    for career in taxonomy.careers:
        for term in career.terms:
            words.update(w for w in fold(term).split() if len(w) >= MIN_LENGTH)
    return words


def load(path: Path) -> Counter[str]:
    try:
        data = json.loads((path / FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Counter()
    return (
        Counter({str(k): int(v) for k, v in data.items()}) if isinstance(data, dict) else Counter()
    )


def save(path: Path, words: Counter[str]) -> None:
    top = dict(words.most_common(MAX_WORDS))
    (path / FILE).write_text(json.dumps(top, separators=(",", ":")), encoding="utf-8")
