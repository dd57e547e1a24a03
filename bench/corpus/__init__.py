"""The seeded scale corpus: N programs and articles, as a corpus directory the indexer reads.

Layout (everything the real indexer reads, so parsing cost is part of the figures)::

    careers.toml                      copied from the source corpus
    feeds/scale.jsonl + scale.toml    most programs, one JSON object a line, with its column mapping
    feeds/scale-articles.jsonl + .toml  most articles (a feed has one kind: articles get their own)
    programs/<st>/<id>.html           a share of programs as pages with schema.org JSON-LD
    articles/<id>.html                a share of articles as pages with JSON-LD

Only the standard library is used; every choice comes from ``random.Random(seed)``. The modules:
``careers`` (the taxonomy and the Zipf choices), ``words`` (names and title patterns), ``rows``
(a document as a feed row), ``pages`` (a row as a web page), ``feeds`` (feed names and column
mappings), ``write`` (the directory and its stats).
"""

from bench.corpus.careers import CareerInfo, Picker, load_careers, zipf_weights
from bench.corpus.feeds import ARTICLE_FEED, ARTICLE_MAPPING, FEED, PROGRAM_MAPPING
from bench.corpus.pages import article_page, change_page, program_page
from bench.corpus.rows import ARTICLE_WORDS, PROGRAM_WORDS, article_row, program_row
from bench.corpus.write import CorpusSpec, CorpusStats, generate, train_prose

__all__ = [
    "ARTICLE_FEED",
    "ARTICLE_MAPPING",
    "ARTICLE_WORDS",
    "FEED",
    "PROGRAM_MAPPING",
    "PROGRAM_WORDS",
    "CareerInfo",
    "CorpusSpec",
    "CorpusStats",
    "Picker",
    "article_page",
    "article_row",
    "change_page",
    "generate",
    "load_careers",
    "program_page",
    "program_row",
    "train_prose",
    "zipf_weights",
]
