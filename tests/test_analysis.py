"""The shared text analysis: what a word is, for the index, the query and the snippets alike."""

from __future__ import annotations

from indexer import analysis


def test_words_are_lowercased_stemmed_and_stop_words_dropped() -> None:
    assert analysis.stems("The Phlebotomy classes in Houston, TX") == [
        "phlebotomi",
        "class",
        "houston",
        "tx",
    ]


def test_tokens_carry_where_each_word_stands() -> None:
    text = "Permitted to draw blood"
    found = list(analysis.tokens(text))
    assert [t.stem for t in found] == ["permit", "draw", "blood"]
    assert [text[t.start : t.end] for t in found] == ["Permitted", "draw", "blood"]


def test_single_letters_and_inner_dots() -> None:
    assert analysis.stems("a b e.g. 2.5 weeks") == ["e.g", "2.5", "week"]


def test_the_whoosh_index_stems_as_the_shared_analysis_does() -> None:
    from indexer.backends.whoosh.schema import analyzer

    text = "Certified nursing assistants permitted settings"
    assert [t.text for t in analyzer()(text)] == analysis.stems(text)
