"""``course-search insights``: the query-log report in the terminal or as JSON."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import click

from search_app.cli_engine import engine_options, engine_settings, index_option
from search_app.engines.base import IndexMissing
from search_app.insights import LIMIT, Report, SinceError, build_report, format_report
from search_app.query_log import db_path
from search_app.search import SearchService
from search_app.synonym_candidates import Proposer


def add_candidates(report: Report, settings: dict[str, Any]) -> bool:
    """Synonym candidates for each zero-result query, from the index in service; False when
    there is no index to read words from."""
    service = SearchService.from_settings(settings)
    try:
        with service.engine.session() as session:
            words: Counter[str] = Counter(getattr(session.speller, "words", {}))
            proposer = Proposer(words, session.taxonomy)
    except IndexMissing:
        return False
    finally:
        service.close()
    for row in report.zero_results:
        row.candidates = proposer.propose(row.query)
    return True


@click.command("insights")
@click.option("--since", default="7d", show_default=True, help="Period: 24h, 7d, 2w... or all.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--limit", default=LIMIT, show_default=True, type=click.IntRange(1, 1000))
@index_option("Index directory: the log is beside it, and candidates come from its words.")
@click.option(
    "--db",
    "db",
    envvar="COURSE_SEARCH_QUERY_LOG_PATH",
    default="",
    help="The query log's SQLite file (env COURSE_SEARCH_QUERY_LOG_PATH; default INDEX/"
    "querylog.sqlite).",
)
@engine_options
def insights_command(
    since: str, as_json: bool, limit: int, index_dir: Path, db: str, **engine: Any
) -> None:
    """What people search for: top queries, zero-result queries (with synonym candidates),
    results nobody clicks, click-through, and the careers and places people filter by."""
    settings = engine_settings(index_dir, engine)
    path = db_path({"QUERY_LOG_PATH": db, "INDEX_DIR": str(index_dir)})
    try:
        report = build_report(path, since, limit)
    except SinceError as exc:
        raise click.BadParameter(str(exc).removeprefix("since: "), param_hint="--since") from None
    if report.zero_results and not add_candidates(report, settings):
        click.echo("note: no index to propose synonyms from", err=True)
    if as_json:
        click.echo(json.dumps(report.to_json(), indent=2))
    else:
        click.echo(format_report(report), nl=False)
