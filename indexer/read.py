"""Stage 2 of a build, parse: one source (a page, or a feed's rows) to normalised documents.

Every problem becomes an error naming the source's path (and a feed's row) and the reason; one
hostile source never stops a build. A full build runs this in worker processes
(:mod:`indexer.parallel`); it imports no engine.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from indexer.decode import MAX_PAGE_BYTES, ParseError
from indexer.feeds import FeedError, read_feed
from indexer.models import BuildReport, Document, Source, SourceError
from indexer.normalize import NormalizeError, normalize
from indexer.parse import parse_html
from indexer.taxonomy import Taxonomy

PARSER_VERSION = 2  # 2: deterministic decoding (BOM, UTF-8, declared charset, windows-1252)
log = logging.getLogger(__name__)


@dataclass
class SourceResult:
    documents: list[Document] = field(default_factory=list)
    errors: list[SourceError] = field(default_factory=list)
    warnings: list[SourceError] = field(default_factory=list)
    fatal: bool = False  # the whole source failed: keep what the index had for it
    # Each document's feed row (0: a page), and each error's and warning's place in the order
    # one reader reports them: (0, row) what is wrong with a row or the feed, (1, row) what
    # normalising a row found. The shares of a feed read by several workers are put back in it.
    rows: list[int] = field(default_factory=list)
    error_keys: list[tuple[int, int]] = field(default_factory=list)
    warning_keys: list[tuple[int, int]] = field(default_factory=list)
    # A share of a feed: (row, label, id) of every row it made a document of, for the rule that
    # an id's first row in the feed wins (:func:`indexer.feeds.repeated_ids`, once all are read).
    ids: list[tuple[int, str, str]] = field(default_factory=list)


def read_source(
    source: Source, taxonomy: Taxonomy, share: int = 0, shares: int = 1
) -> SourceResult:
    """Parse and normalise one source; every problem becomes an error with the source's path.

    With ``shares`` > 1, only the feed rows ``share``, ``share + shares``... are read and
    normalised, and rows repeating an earlier row's id are left for the caller to drop
    (``ids``).
    """
    result = SourceResult()
    path = str(source.path)
    numbers = [0]
    try:
        if source.kind_hint == "feed":
            rows = read_feed(source, share, shares)
            raws, numbers = rows.documents, rows.numbers
            for number, label, why in rows.errors:
                result.errors.append(SourceError(f"{path} {label}", why))
                result.error_keys.append((0, number))
            if shares > 1:
                result.ids = [
                    (n, r.origin or "", r.doc_id) for n, r in zip(numbers, raws, strict=True)
                ]
        else:
            raws = [parse_html(read_page(source.path), source.doc_id, source.key, source.kind_hint)]
            if source.url:  # a crawled page: its canonical URL, as the crawler resolved it
                raws[0].url = source.url
    except (ParseError, FeedError) as exc:
        return _failed(SourceError(path, str(exc)))
    except OSError as exc:
        return _failed(SourceError(path, f"cannot read: {exc.strerror or exc}"))
    except Exception as exc:  # one hostile source must never stop the whole build
        log.exception("unexpected error reading %s", path)
        return _failed(SourceError(path, _unexpected(exc)))
    for raw, number in zip(raws, numbers, strict=True):
        label = path
        if source.kind_hint == "feed":
            label = f"{path} id {raw.doc_id}" + (f" ({raw.origin})" if raw.origin else "")
        try:
            doc, warnings = normalize(raw, taxonomy)
        except NormalizeError as exc:
            result.errors.append(SourceError(label, str(exc)))
            result.error_keys.append((1, number))
            continue
        except Exception as exc:
            log.exception("unexpected error normalising %s", label)
            result.errors.append(SourceError(label, _unexpected(exc)))
            result.error_keys.append((1, number))
            continue
        result.documents.append(doc)
        result.rows.append(number)
        result.warnings.extend(SourceError(label, w) for w in warnings)
        result.warning_keys.extend((1, number) for _ in warnings)
    if not result.documents and source.kind_hint != "feed":
        result.fatal = True
    return result


def _failed(error: SourceError) -> SourceResult:
    """A source that could not be read at all."""
    return SourceResult(errors=[error], fatal=True, error_keys=[(0, 0)])


def read_page(path: Path) -> bytes:
    """A page's bytes; one over the parser's limit is refused from its size, before any reading."""
    with path.open("rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > MAX_PAGE_BYTES:
            raise ParseError(f"page is {size / 1048576:.1f} MB, over the 10 MB limit")
        return handle.read(MAX_PAGE_BYTES + 1)


def _unexpected(exc: Exception) -> str:
    text = str(exc)
    text = text if len(text) <= 200 else text[:200] + "…"
    return f"could not be indexed ({type(exc).__name__}: {text})"


def keep_last_good(
    key: str,
    old: dict[str, Any],
    kept: dict[str, Any],
    owner: dict[str, str],
    report: BuildReport,
) -> None:
    """A source that failed now keeps serving what its last good version said: its record is
    kept and its documents stay its own (every backend's incremental build does this)."""
    kept[key] = old
    docs = old.get("docs", [])
    report.unchanged += len(docs)
    owner.update(dict.fromkeys(docs, key))


def drop_duplicate_ids(
    docs: list[Document], source: Source, owner: dict[str, str], report: BuildReport
) -> list[Document]:
    out: list[Document] = []
    for doc in docs:
        other = owner.get(doc.id)
        if other is not None and other != source.key:
            report.errors.append(
                SourceError(str(source.path), f"duplicate id {doc.id!r}, already used by {other}")
            )
            continue
        owner[doc.id] = source.key
        out.append(doc)
    return out
