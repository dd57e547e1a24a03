"""Tabular program feeds: ``feeds/NAME.csv`` or ``.jsonl`` read through ``feeds/NAME.toml``.

The mapping names, for each document field, the column (or columns, first non-empty wins; for
``summary`` and ``body`` they are joined) it comes from::

    [feed]
    id = "program_id"          # the feed's own id column
    kind = "program"
    [fields]
    title = "program_name"
    cost = "total_cost"
    body = ["description", "features"]
"""

from __future__ import annotations

import csv
import io
import json
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from indexer.models import RawDocument, Source

MAX_FEED_BYTES = 200 * 1024 * 1024
MAX_BAD_ROWS = 100
MAX_ID_CHARS = 200
TEXT_FIELDS = {"title", "summary", "body", "provider", "street", "city", "state", "postal_code"}
KNOWN_FIELDS = TEXT_FIELDS | {
    "url", "careers", "online", "mode", "cost", "hours", "duration", "credential", "published",
}  # fmt: skip
JOINED = {"summary", "body"}


class FeedError(ValueError):
    """The whole feed is unusable (no mapping, bad mapping, unreadable file)."""


@dataclass
class FeedMapping:
    id_column: str
    fields: dict[str, list[str]]
    kind: str = "program"
    id_prefix: str = ""


@dataclass
class FeedRows:
    """The rows of a feed (or of one share of them) that make documents, and those that do not.
    Each carries its number in the feed (CSV: its row, the header being row 1; JSONL: its line),
    which orders the shares of a feed read by several workers as one reader reads it."""

    documents: list[RawDocument] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)  # each document's row or line
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # (number, label, reason)


def load_mapping(path: Path) -> FeedMapping:
    if not path.is_file():
        raise FeedError(f"no column mapping: expected {path.name} beside the feed")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise FeedError(f"mapping {path.name} is not valid TOML: {exc}") from exc
    feed = data.get("feed", {})
    raw_fields = data.get("fields", {})
    if not isinstance(feed, dict) or not isinstance(raw_fields, dict):
        raise FeedError(f"mapping {path.name} needs [feed] and [fields] tables")
    unknown = sorted(set(raw_fields) - KNOWN_FIELDS)
    if unknown:
        raise FeedError(f"mapping {path.name} names unknown fields: {', '.join(unknown)}")
    if "id" not in feed or "title" not in raw_fields:
        raise FeedError(f"mapping {path.name} needs feed.id and fields.title")
    fields = {k: [v] if isinstance(v, str) else [str(c) for c in v] for k, v in raw_fields.items()}
    return FeedMapping(
        id_column=str(feed["id"]),
        fields=fields,
        kind=str(feed.get("kind", "program")),
        id_prefix=str(feed.get("id_prefix", "")),
    )


def read_feed(source: Source, share: int = 0, shares: int = 1) -> FeedRows:
    """The usable rows as RawDocuments; unusable rows are reported with their row number.

    With ``shares`` > 1, only the rows ``share``, ``share + shares``... are made documents (a
    JSONL line is not parsed otherwise), and rows whose id an earlier row of the feed has are
    not found out here (:func:`repeated_ids` over every share's documents). What is wrong with
    the whole feed raises FeedError in every share.
    """
    mapping = load_mapping(source.path.with_suffix(".toml"))
    if source.size > MAX_FEED_BYTES:
        raise FeedError(f"feed is {source.size / 1048576:.0f} MB, over the 200 MB limit")
    data = source.path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FeedError(f"not UTF-8 text (byte {exc.start})") from exc
    prefix = mapping.id_prefix or source.doc_id
    out = FeedRows()
    for number, label, row in _rows(source.path.suffix.lower(), text, out, share, shares):
        try:
            raw = _row_document(row, mapping, prefix, source.key)
        except ValueError as exc:
            out.errors.append((number, label, str(exc)))
            continue
        raw.origin = label
        out.documents.append(raw)
        out.numbers.append(number)
    if shares == 1:
        rows = list(zip(out.numbers, out.documents, strict=True))
        repeated = repeated_ids((n, d.origin or "", d.doc_id) for n, d in rows)
        if repeated:
            out.errors = sorted([*out.errors, *repeated.values()], key=lambda e: e[0])
            out.numbers = [n for n, _ in rows if n not in repeated]
            out.documents = [d for n, d in rows if n not in repeated]
    return out


def repeated_ids(rows: Iterable[tuple[int, str, str]]) -> dict[int, tuple[int, str, str]]:
    """Of a feed's documents (number, label, id), those whose id an earlier row has, each with
    its error (number, label, reason): an id's first row is its document, whatever becomes of
    it (a row that then fails to normalise still takes its id)."""
    seen: set[str] = set()
    repeated: dict[int, tuple[int, str, str]] = {}
    for number, label, doc_id in sorted(rows):
        if doc_id in seen:
            repeated[number] = (number, label, f"duplicate id {doc_id!r}")
        seen.add(doc_id)
    return repeated


def _rows(
    suffix: str, text: str, out: FeedRows, share: int, shares: int
) -> Iterator[tuple[int, str, dict[str, Any]]]:
    """(number, label, row) of the share's rows; its unreadable rows go to ``out.errors``."""
    if suffix == ".csv":
        # A CSV record may span lines: the whole file is read by every share.
        reader = csv.DictReader(io.StringIO(text, newline=""))
        n = 1  # row 1 is the header
        failures = 0
        while True:
            n += 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:  # a field over csv's size limit, a NUL byte ...
                failures += 1
                if n % shares == share:
                    out.errors.append((n, f"row {n}", f"not valid CSV: {exc}"))
                if failures >= MAX_BAD_ROWS:
                    if n % shares == share:
                        out.errors.append(
                            (n, f"row {n}", f"stopped reading after {failures} bad rows")
                        )
                    return
                continue
            if n % shares == share:
                yield n, f"row {n}", row
    lines = text.splitlines()
    for index in range(share, len(lines), shares):
        line, n = lines[index], index + 1
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except (ValueError, RecursionError) as exc:
            out.errors.append((n, f"line {n}", f"not valid JSON: {exc}"))
            continue
        if not isinstance(value, dict):
            out.errors.append((n, f"line {n}", "not a JSON object"))
            continue
        yield n, f"line {n}", value


def _cell(row: dict[str, Any], column: str) -> Any:
    value = row.get(column)
    if isinstance(value, str):
        value = value.strip()
    return None if value in ("", None) else value


def _row_document(
    row: dict[str, Any], mapping: FeedMapping, prefix: str, source: str
) -> RawDocument:
    row_id = _cell(row, mapping.id_column)
    if row_id is None:
        raise ValueError(f"no id in column {mapping.id_column!r}")
    if isinstance(row_id, (dict, list)) or len(str(row_id)) > MAX_ID_CHARS:
        raise ValueError(f"id in column {mapping.id_column!r} is not a short value")
    raw = RawDocument(doc_id=f"{prefix}/{row_id}", source=source, kind=mapping.kind)
    raw.structured = "feed"
    for name, columns in mapping.fields.items():
        values = [v for v in (_cell(row, c) for c in columns) if v is not None]
        if not values:
            continue
        if name in JOINED:
            setattr(raw, name, "\n".join(str(v) for v in values))
        elif name == "careers":
            raw.careers = [str(v) for v in values]
        elif name == "online":
            raw.online = str(values[0]).strip().lower() in {"true", "1", "yes", "y", "t"}
        elif name in ("cost", "hours"):
            setattr(raw, name, values[0] if isinstance(values[0], (int, float)) else str(values[0]))
        else:
            setattr(raw, name, str(values[0]))
    if not raw.title:
        raise ValueError(f"no title in {', '.join(mapping.fields['title'])}")
    return raw
