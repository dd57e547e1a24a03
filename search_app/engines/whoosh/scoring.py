"""Matching and BM25F scoring of a plan with numpy, over postings read from the Whoosh index.

The semantics are exactly those of the Whoosh query ``query.build`` makes (which stays the
reference, and is still what ``explain=1`` runs; near spellings and completions are listed by
:meth:`ArrayScorer.expand` for both):

- a word matches in any text field and scores ``Σ boost(field) · BM25(field, word)``;
- all words are required (any one word when relaxed), and their scores add up;
- a career matches by its tag (score 6 × the tag's weight) or its typed words as a phrase in a
  field (score ``boost(field) · Σ BM25(field, word)``); careers are required unless relaxed, and
  then count as a bonus;
- bonuses add constants: an exact title phrase, both careers of a comparison, the intended kind.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
from whoosh import query as wq

from indexer.backends.whoosh.phrases import marks_of
from indexer.fields import FIELD_BOOSTS
from indexer.phrases import JOIN
from search_app.engines.common.ranking import (
    ANYWHERE_TITLE_BONUS,
    CAREER_TAG_BOOST,
    COMPARISON_BONUS,
    INTENT_TITLE_BONUS,
    PLACE_TITLE_BONUS,
    TITLE_PHRASE_BONUS,
    anywhere_question,
    avoid_terms,
    intent_terms,
    intent_title_kind,
    place_title_terms,
    question_careers,
    state_terms,
    title_phrase,
    wanted_kind,
)
from search_app.engines.common.terms import terms_of
from search_app.engines.types import Interpretation, Plan
from search_app.engines.whoosh.arrays import Columns, Docs, Floats, Mask, read_postings
from search_app.engines.whoosh.query import CAREER_PHRASE_FIELDS

B = 0.75  # Whoosh's BM25F defaults
K1 = 1.2
EVERY_SCORE = 1.0  # what Whoosh's Every() scores each document
CACHE_BYTES = 96 * 2**20  # postings kept per generation (a worker holds one generation)
MENTION_FIELDS = ("title", "summary", "body")
MAX_EXPANSIONS = 24  # near spellings or completions of one word, per field

T = TypeVar("T")


@dataclass(frozen=True)
class Sparse:
    """Some live documents (sorted document numbers) and a score for each."""

    docs: Docs
    scores: Floats

    @property
    def nbytes(self) -> int:
        return int(self.docs.nbytes + self.scores.nbytes)


def _empty() -> Sparse:
    return Sparse(np.empty(0, np.int32), np.empty(0, np.float64))


def _merge(parts: list[Sparse], weights: list[float]) -> Sparse:
    """One Sparse: the union of the documents, each score the weighted sum of its parts'."""
    parts_w = [(p, w) for p, w in zip(parts, weights, strict=True) if len(p.docs)]
    if not parts_w:
        return _empty()
    if len(parts_w) == 1:
        part, weight = parts_w[0]
        return Sparse(part.docs, part.scores * weight)
    docs = np.concatenate([p.docs for p, _ in parts_w])
    scores = np.concatenate([p.scores * w for p, w in parts_w])
    unique, inverse = np.unique(docs, return_inverse=True)
    return Sparse(
        unique.astype(np.int32), np.asarray(np.bincount(inverse, weights=scores), np.float64)
    )


def _freeze(value: object) -> None:
    arrays = [value] if isinstance(value, np.ndarray) else []
    if isinstance(value, Sparse):
        arrays = [value.docs, value.scores]
    for array in arrays:
        array.flags.writeable = False


class ByteBoundedCache:
    """A thread-safe LRU whose entries are arrays, bounded by their total size in bytes."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.used = 0
        self._entries: OrderedDict[tuple[Any, ...], tuple[Any, int]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[Any, ...], compute: Callable[[], T], size: Callable[[T], int]) -> T:
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
                return found[0]  # type: ignore[no-any-return]
        value = compute()
        nbytes = size(value)
        _freeze(value)  # shared by every later request: nobody may change it in place
        with self._lock:
            if key not in self._entries and nbytes <= self.budget:
                self._entries[key] = (value, nbytes)
                self.used += nbytes
                while self.used > self.budget:
                    _, (_, dropped) = self._entries.popitem(last=False)
                    self.used -= dropped
        return value


class ArrayScorer:
    """Per-generation matching and scoring; shares the snapshot's searcher (use it under the
    snapshot's lock)."""

    def __init__(self, searcher: Any, columns: Columns, cache_bytes: int = CACHE_BYTES) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        self.columns = columns
        self.cache = ByteBoundedCache(cache_bytes)
        self._marks: dict[str, frozenset[tuple[str, ...]]] = {}

    # -- building blocks, cached per generation ---------------------------------------------

    def field_term(self, fieldname: str, term: str) -> Sparse:
        """A term's live documents in one field and the Whoosh score of each (BM25F for text
        fields, the posting weight for unscored ones), before any boost."""

        def compute() -> Sparse:
            if (fieldname, term) not in self.reader:
                return _empty()
            docs, weights = read_postings(self.reader, fieldname, term)
            keep = self.columns.live[docs]
            docs, weights = docs[keep], weights[keep]
            if not self.searcher.schema[fieldname].scorable:
                return Sparse(docs, weights)
            idf = self.searcher.idf(fieldname, term)
            avgfl = self.searcher.avg_field_length(fieldname) or 1
            lengths = self.columns.lengths[fieldname][docs]
            scores = idf * ((weights * (K1 + 1)) / (weights + K1 * ((1 - B) + B * lengths / avgfl)))
            return Sparse(docs, scores)

        return self.cache.get(("field", fieldname, term), compute, lambda s: s.nbytes)

    def any_field(self, term: str) -> Sparse:
        """A word in any text field, with the field boosts (``query.term_query``)."""
        return self.cache.get(
            ("any", term),
            lambda: _merge(
                [self.field_term(f, term) for f in FIELD_BOOSTS], list(FIELD_BOOSTS.values())
            ),
            lambda s: s.nbytes,
        )

    def expand(self, fieldname: str, term: str, prefix: bool) -> list[str]:
        """The field's terms a word being typed stands for (``prefix``): the
        ``MAX_EXPANSIONS`` in most documents, marked phrases left out. (Near spellings come
        from the plan, found in the vocabulary without walking the term dictionary.)"""

        def compute() -> list[str]:
            reader = self.reader
            if not prefix:
                return [term]
            found = reader.expand_prefix(fieldname, term)
            words = [w.decode("utf-8") if isinstance(w, bytes) else str(w) for w in found]
            words = [w for w in words if JOIN not in w]
            words.sort(key=lambda w: (-reader.doc_frequency(fieldname, w), w))
            return words[:MAX_EXPANSIONS]

        return self.cache.get(
            ("expand", fieldname, term, prefix), compute, lambda w: 64 + sum(len(x) for x in w)
        )

    def expanded(self, term: str, prefix: bool) -> Sparse:
        """``query.term_query`` with expansions: each listed term scored as a word."""

        def compute() -> Sparse:
            parts: list[Sparse] = []
            weights: list[float] = []
            for fieldname, boost in FIELD_BOOSTS.items():
                for found in self.expand(fieldname, term, prefix):
                    parts.append(self.field_term(fieldname, found))
                    weights.append(boost)
            return _merge(parts, weights)

        return self.cache.get(("expanded", term, prefix), compute, lambda s: s.nbytes)

    def _docs_for(self, q: wq.Query) -> Docs:
        found = np.fromiter(self.searcher.docs_for_query(q), dtype=np.int32)
        found.sort()
        return found[self.columns.live[found]]

    def phrase(self, fieldname: str, words: tuple[str, ...]) -> Sparse:
        """Documents with the words as a phrase in the field, scored as Whoosh scores a phrase:
        the sum of its words' scores in that field. A career phrase the index marked is one
        posting list (:mod:`indexer.phrases`); any other phrase is Whoosh's positional walk."""

        def compute() -> Sparse:
            if words in self._marked(fieldname):
                docs, _ = read_postings(self.reader, fieldname, JOIN.join(words))
                docs = docs[self.columns.live[docs]]
            else:
                docs = self._docs_for(wq.Phrase(fieldname, list(words)))
            if not len(docs):
                return _empty()
            scores = np.zeros(len(docs))
            for word in words:
                part = self.field_term(fieldname, word)
                at = np.searchsorted(part.docs, docs)
                scores += part.scores[np.minimum(at, len(part.docs) - 1)]
            return Sparse(docs, scores)

        return self.cache.get(("phrase", fieldname, words), compute, lambda s: s.nbytes)

    def completions(self, fieldname: str, prefix: str) -> Sparse:
        """The field's commonest terms starting with ``prefix``, scored as words, summed."""

        def compute() -> Sparse:
            terms = self.expand(fieldname, prefix, True)
            return _merge([self.field_term(fieldname, t) for t in terms], [1.0] * len(terms))

        return self.cache.get(("completions", fieldname, prefix), compute, lambda s: s.nbytes)

    def _marked(self, fieldname: str) -> frozenset[tuple[str, ...]]:
        found = self._marks.get(fieldname)
        if found is None:
            found = self._marks[fieldname] = marks_of(self.searcher.schema[fieldname].analyzer)
        return found

    def career(self, name: str, words: str) -> Sparse:
        """``query.career_clause``: the tag, or the typed words as a phrase in a text field."""

        def compute() -> Sparse:
            typed = tuple(terms_of(words))
            parts = [self.field_term("careers", name)]
            weights = [CAREER_TAG_BOOST]
            if len(typed) > 1:
                for fieldname in CAREER_PHRASE_FIELDS:
                    parts.append(self.phrase(fieldname, typed))
                    weights.append(FIELD_BOOSTS[fieldname])
            elif typed:
                parts.append(self.any_field(typed[0]))
                weights.append(1.0)
            return _merge(parts, weights)

        return self.cache.get(("career", name, words), compute, lambda s: s.nbytes)

    def mentions(self, words: list[str]) -> Mask:
        """Documents with every one of the words in their title, summary or body."""
        terms = terms_of(" ".join(words))

        def compute() -> Mask:
            out = self.columns.live.copy()
            for term in terms:
                either = np.zeros(self.columns.size, np.bool_)
                for fieldname in MENTION_FIELDS:
                    either[self.field_term(fieldname, term).docs] = True
                out &= either
            return out

        if not terms:
            return np.zeros(self.columns.size, np.bool_)
        return self.cache.get(("mentions", *terms), compute, lambda m: int(m.nbytes))

    # -- one plan ---------------------------------------------------------------------------

    def evaluate(self, interp: Interpretation, plan: Plan) -> tuple[Mask, Floats]:
        """The documents ``query.build(interp, plan)`` matches, and each one's score (the
        scores of documents outside the mask mean nothing)."""
        size = self.columns.size
        words = terms_of(interp.text)
        must = bool(words) or bool(interp.careers and plan.careers_required)
        scores = np.zeros(size) if must else np.full(size, EVERY_SCORE)
        required = self.columns.live.copy()
        if words:
            parts = [self._word(w, plan) for w in words]
            if plan.any_term:
                either = np.zeros(size, np.bool_)
                for part in parts:
                    either[part.docs] = True
                required &= either
            else:
                for part in sorted(parts, key=lambda p: len(p.docs)):
                    has = np.zeros(size, np.bool_)
                    has[part.docs] = True
                    required &= has
            for part in parts:
                scores[part.docs] += part.scores
        if interp.careers:
            careers = [self.career(c, interp.career_words.get(c, c)) for c in interp.careers]
            for part in careers:
                scores[part.docs] += part.scores
            if plan.careers_required:
                either = np.zeros(size, np.bool_)
                for part in careers:
                    either[part.docs] = True
                required &= either
        self._bonuses(interp, scores)
        return required, scores

    def _word(self, word: str, plan: Plan) -> Sparse:
        if word in plan.prefixes:
            return self.expanded(word, prefix=True)
        near = plan.near_of(word)
        if near:
            return self.near(word, near)
        return self.any_field(word)

    def near(self, word: str, near: tuple[str, ...]) -> Sparse:
        """A word or any of its near spellings, each scored as the word would be."""
        terms = (word, *near)
        return self.cache.get(
            ("near", *terms),
            lambda: _merge([self.any_field(t) for t in terms], [1.0] * len(terms)),
            lambda s: s.nbytes,
        )

    def _titled(self, terms: list[str]) -> Mask:
        """Documents with any of ``terms`` in their title."""
        found = np.zeros(self.columns.size, np.bool_)
        for term in terms:
            found[self.field_term("title", term).docs] = True
        return found

    def _bonuses(self, interp: Interpretation, scores: Floats) -> None:
        phrase = tuple(title_phrase(interp))
        if len(phrase) >= 2:
            scores[self.phrase("title", phrase).docs] += TITLE_PHRASE_BONUS
        if interp.comparison and len(interp.careers) >= 2:
            tagged = self.columns.facet("careers")
            both = np.ones(self.columns.size, np.bool_)
            for career in interp.careers:
                both &= tagged.mask([career], self.columns.size)
            scores[both] += COMPARISON_BONUS
        careers = question_careers(interp)
        scope = self.columns.live
        if careers:
            scope = self.columns.facet("careers").mask(careers, self.columns.size)
        kind, bonus = wanted_kind(interp)
        if kind is not None:
            scores[scope & self.columns.facet("kind").mask([kind], self.columns.size)] += bonus
        articles = self.columns.facet("kind").mask(["article"], self.columns.size)
        answers = intent_terms(interp)
        if answers:
            titled = self._titled(answers)
            if intent_title_kind(interp) is not None:
                titled &= articles
            avoid = avoid_terms(interp)
            if avoid:
                titled &= ~self._titled(avoid)
            scores[titled & scope] += INTENT_TITLE_BONUS
        if anywhere_question(interp):
            scores[articles & scope & ~self._titled(state_terms())] += ANYWHERE_TITLE_BONUS
        named = place_title_terms(interp)
        if named:
            titled = scope & self.columns.facet("kind").mask(["article"], self.columns.size)
            for term in named:
                has = np.zeros(self.columns.size, np.bool_)
                has[self.field_term("title", term).docs] = True
                titled &= has
            scores[titled] += PLACE_TITLE_BONUS


def top(candidates: Docs, scores: Floats, limit: int) -> list[tuple[int, float]]:
    """The ``limit`` best (document, score) pairs, highest score first and, among equal scores,
    the lower document number first (Whoosh's order)."""
    if limit <= 0 or not len(candidates):
        return []
    values = scores[candidates]
    if len(candidates) > limit:
        kth = np.partition(values, len(values) - limit)[len(values) - limit]
        keep = values >= kth
        candidates, values = candidates[keep], values[keep]
    order = np.lexsort((candidates, -values))[:limit]
    return [(int(candidates[i]), float(values[i])) for i in order]
