"""The report on the query log: top queries, queries that find nothing, results nobody clicks,
click-through and click position, and the careers and places people filter by.

One function (:func:`build_report`) feeds ``course-search insights`` (tables or JSON) and the
``/insights`` page. It reads the SQLite store read-only.
"""

from __future__ import annotations

import dataclasses
import re
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from search_app.log_store import connect

LIMIT = 20
_SINCE = re.compile(r"^\s*(\d{1,5})\s*([mhdw])\s*$")
_UNIT_S = {"m": 60, "h": 3600, "d": 86_400, "w": 7 * 86_400}


class SinceError(ValueError):
    pass


def parse_since(text: str) -> float | None:
    """Seconds back from now for ``30m``, ``24h``, ``7d``, ``2w``; None for ``all``."""
    if text.strip().lower() == "all":
        return None
    found = _SINCE.match(text.lower())
    if not found or int(found.group(1)) == 0:
        raise SinceError("since: give a period such as 24h, 7d or 2w, or all")
    return int(found.group(1)) * _UNIT_S[found.group(2)]


@dataclass
class QueryRow:
    query: str
    searches: int
    results: int  # the most results any of these searches had
    clicks: int


@dataclass
class ZeroRow:
    query: str
    searches: int
    suggestion: str | None  # the did-you-mean the engine offered, if any
    candidates: list[dict[str, str]] = field(default_factory=list)  # for synonyms.toml


@dataclass
class CountRow:
    value: str
    searches: int


@dataclass
class Report:
    since: str
    start: float | None  # Unix time of the window's start; None: everything kept
    searches: int = 0
    by_surface: dict[str, int] = field(default_factory=dict)
    zero_result_searches: int = 0
    clicks: int = 0
    searches_with_clicks: int = 0
    click_through_rate: float | None = None  # searches with a click / searches with results
    mean_click_position: float | None = None
    top_queries: list[QueryRow] = field(default_factory=list)
    zero_results: list[ZeroRow] = field(default_factory=list)
    no_clicks: list[QueryRow] = field(default_factory=list)
    careers: list[CountRow] = field(default_factory=list)
    places: list[CountRow] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


_WINDOW = """
WITH s AS (SELECT * FROM searches WHERE at >= :start),
     c AS (SELECT search_id, count(*) AS n FROM clicks GROUP BY search_id)
"""


def build_report(path: Path, since: str = "7d", limit: int = LIMIT) -> Report:
    """The report over the searches of the last ``since`` (``7d``, ``all``...)."""
    back = parse_since(since)
    start = None if back is None else time.time() - back
    report = Report(since=since, start=start)
    if not path.is_file():
        return report
    db = connect(path, read_only=True)
    try:
        _fill(db, report, {"start": start if start is not None else 0.0, "limit": limit})
    finally:
        db.close()
    return report


def _fill(db: sqlite3.Connection, report: Report, args: dict[str, float | int]) -> None:
    def rows(sql: str) -> list[tuple[Any, ...]]:
        return db.execute(_WINDOW + sql, args).fetchall()

    report.by_surface = dict(rows("SELECT surface, count(*) FROM s GROUP BY surface ORDER BY 1"))
    report.searches = sum(report.by_surface.values())
    report.zero_result_searches = rows("SELECT count(*) FROM s WHERE total = 0")[0][0]
    clicks, clicked, mean = rows(
        "SELECT coalesce(sum(c.n), 0), count(c.n), "
        "(SELECT avg(position) FROM clicks WHERE search_id IN (SELECT id FROM s)) "
        "FROM s JOIN c ON c.search_id = s.id"
    )[0]
    report.clicks, report.searches_with_clicks = int(clicks), int(clicked)
    with_results = report.searches - report.zero_result_searches
    report.click_through_rate = round(clicked / with_results, 4) if with_results else None
    report.mean_click_position = round(float(mean), 2) if mean is not None else None
    per_query = (
        "SELECT s.query, count(*), max(s.total), coalesce(sum(c.n), 0) "
        "FROM s LEFT JOIN c ON c.search_id = s.id WHERE s.query != '' GROUP BY s.query "
    )
    report.top_queries = [QueryRow(*r) for r in rows(per_query + "ORDER BY 2 DESC, 1 LIMIT :limit")]
    report.no_clicks = [
        QueryRow(*r)
        for r in rows(
            per_query + "HAVING max(s.total) > 0 AND coalesce(sum(c.n), 0) = 0 "
            "ORDER BY 2 DESC, 1 LIMIT :limit"
        )
    ]
    report.zero_results = [
        ZeroRow(*r)
        for r in rows(
            "SELECT s.query, count(*), (SELECT suggestion FROM s AS t WHERE t.query = s.query "
            "AND t.total = 0 AND t.suggestion IS NOT NULL ORDER BY t.at DESC LIMIT 1) "
            "FROM s WHERE s.total = 0 AND s.query != '' GROUP BY s.query "
            "ORDER BY 2 DESC, 1 LIMIT :limit"
        )
    ]
    for name in ("careers", "places"):
        found = rows(
            f"SELECT j.value, count(*) FROM s, json_each(s.{name}) AS j "  # noqa: S608 (a name of ours)
            "GROUP BY j.value ORDER BY 2 DESC, 1 LIMIT :limit"
        )
        setattr(report, name, [CountRow(str(v), int(n)) for v, n in found])


def format_report(report: Report) -> str:
    """The report as plain-text tables for a terminal."""
    window = "everything kept" if report.start is None else f"the last {report.since}"
    surfaces = ", ".join(f"{k} {v}" for k, v in report.by_surface.items()) or "none"
    ctr = "-" if report.click_through_rate is None else f"{report.click_through_rate:.1%}"
    position = "-" if report.mean_click_position is None else f"{report.mean_click_position:.2f}"
    out = [
        f"Searches in {window}: {report.searches} ({surfaces}); "
        f"{report.zero_result_searches} found nothing",
        f"Clicks: {report.clicks} on {report.searches_with_clicks} searches; "
        f"click-through rate {ctr} (of searches with results); mean click position {position}",
    ]
    for title, head, body in tables(report):
        out += _table(title, head, body)
    candidates = [c for r in report.zero_results for c in r.candidates]
    if candidates:
        out += ["", "Synonym candidates for queries that found nothing (copy into synonyms.toml):"]
        for c in candidates:
            out += ["", f"# {c['query']!r}: {c['why']}", c["toml"]]
    return "\n".join(out) + "\n"


def tables(report: Report) -> list[tuple[str, list[str], list[list[object]]]]:
    """The report's tables: title, column heads, rows (for the terminal and the page)."""
    return [
        (
            "Top queries",
            ["query", "searches", "results", "clicks"],
            [[r.query, r.searches, r.results, r.clicks] for r in report.top_queries],
        ),
        (
            "Queries that found nothing",
            ["query", "searches", "did you mean"],
            [[r.query, r.searches, r.suggestion or ""] for r in report.zero_results],
        ),
        (
            "Queries with results but no clicks",
            ["query", "searches", "results"],
            [[r.query, r.searches, r.results] for r in report.no_clicks],
        ),
        (
            "Careers people filter by",
            ["career", "searches"],
            [[r.value, r.searches] for r in report.careers],
        ),
        (
            "Places people filter by",
            ["place", "searches"],
            [[r.value, r.searches] for r in report.places],
        ),
    ]


def _table(title: str, head: list[str], body: list[list[object]]) -> list[str]:
    lines = ["", title]
    if not body:
        return [*lines, "  (none)"]
    cells = [head, *[[str(v) for v in row] for row in body]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(head))]

    def line(row: list[str]) -> str:
        return "  " + "  ".join(
            v.ljust(w) if i == 0 else v.rjust(w)
            for i, (v, w) in enumerate(zip(row, widths, strict=True))
        )

    return [*lines, line(head), "  " + "  ".join("-" * w for w in widths), *map(line, cells[1:])]
