"""The ``course-search`` command (index, serve, search, stats): thin wrappers over functions."""

from __future__ import annotations

import json
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from indexer import generations
from indexer.build import BuildOptions
from indexer.lock import IndexLocked
from indexer.models import BuildReport
from indexer.synonyms import SynonymsError
from search_app import api_doc
from search_app.cli_crawl import crawl_command
from search_app.cli_engine import (
    build_with,
    corpus_option,
    engine_options,
    engine_settings,
    index_exists,
    index_option,
)
from search_app.cli_insights import insights_command
from search_app.engines.base import IndexMissing
from search_app.query import MultiDictArgs, QueryError, parse_args
from search_app.search import SearchService

INDEX_OPTION = index_option()


LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """course-search: index career articles and training programs, and search them."""


def print_report(report: BuildReport, *, out: Any = None) -> None:
    echo = click.echo
    for error in report.errors:
        echo(f"error: {error.path}: {error.reason}", err=True)
    for warning in report.warnings:
        echo(f"warning: {warning.path}: {warning.reason}", err=True)
    mode = "full" if report.full else "incremental"
    echo(
        f"{mode} index {report.generation or '(none)'}: {report.documents} documents "
        f"(added {report.added}, updated {report.updated}, removed {report.removed}, "
        f"unchanged {report.unchanged}, failed {report.failed}) in {report.seconds:.1f}s",
        file=out,
    )


def run_index(
    corpora: list[Path],
    index_dir: Path,
    *,
    full: bool,
    wait: bool,
    settings: dict[str, Any] | None = None,
) -> BuildReport:
    """Build with a progress bar when stderr is a terminal (with the engine ``settings`` name)."""
    if not sys.stderr.isatty():
        return build_with(settings, BuildOptions(corpora, index_dir, full=full, wait=wait))
    with click.progressbar(length=1, label="Indexing", file=sys.stderr) as bar:

        def progress(done: int, total: int) -> None:
            bar.length = total
            bar.update(done - bar.pos)

        options = BuildOptions(corpora, index_dir, full=full, wait=wait, progress=progress)
        return build_with(settings, options)


@main.command("index")
@corpus_option("Corpus directory; repeat for several (env COURSE_SEARCH_CORPUS, ':'-separated).")
@INDEX_OPTION
@click.option("--full", is_flag=True, help="Rebuild everything instead of only what changed.")
@click.option("--wait", is_flag=True, help="Wait for another running build instead of exiting.")
@engine_options
def index_command(
    corpora: tuple[Path, ...], index_dir: Path, full: bool, wait: bool, **engine: Any
) -> None:
    """Index the corpus: only new, changed and removed sources unless --full."""
    settings = engine_settings(index_dir, engine)
    try:
        report = run_index(_split(corpora), index_dir, full=full, wait=wait, settings=settings)
    except IndexLocked as exc:
        raise IndexBusy(str(exc)) from None
    except SynonymsError as exc:  # nothing was written: the generation in service stays
        click.echo(f"error: {exc}; nothing indexed, the index in service is unchanged", err=True)
        sys.exit(1)
    print_report(report)
    if not report.ok:
        sys.exit(1)


class IndexBusy(click.ClickException):
    """Another build holds the index: exit 75 (EX_TEMPFAIL), so cron and CI can tell "try again
    later" apart from 1, "built, but some sources failed"."""

    exit_code = 75


def _split(corpora: tuple[Path, ...] | list[Path]) -> list[Path]:
    out: list[Path] = []
    for entry in corpora:
        out.extend(Path(p) for p in str(entry).split(":") if p)
    return out


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, envvar="COURSE_SEARCH_HOST")
@click.option("--port", default=8000, show_default=True, type=int, envvar="COURSE_SEARCH_PORT")
@INDEX_OPTION
@click.option(
    "--workers",
    default=2,
    show_default=True,
    type=click.IntRange(1, 64),
    envvar="COURSE_SEARCH_WORKERS",
)
@click.option(
    "--threads",
    default=32,
    show_default=True,
    type=click.IntRange(1, 256),
    envvar="COURSE_SEARCH_THREADS",
    help="Connections each worker holds at once (slow clients wait on these, not on the worker).",
)
@click.option(
    "--client-timeout",
    default=10.0,
    show_default=True,
    type=click.FloatRange(0.5, 300),
    envvar="COURSE_SEARCH_CLIENT_TIMEOUT",
    help="Seconds a client may send or read nothing before its connection is dropped.",
)
@click.option("--debug", is_flag=True, help="Flask's development server with the debugger.")
@engine_options
def serve_command(
    host: str,
    port: int,
    index_dir: Path,
    workers: int,
    threads: int,
    client_timeout: float,
    debug: bool,
    **engine: Any,
) -> None:
    """Serve the search page and API; builds the index from the corpus first if there is none."""
    from search_app.app import create_app
    from search_app.config import SettingError, defaults

    if debug and host not in LOOPBACK:
        raise click.UsageError(
            "--debug runs Werkzeug's debugger, which runs code typed into the browser: "
            f"only with --host {' or '.join(sorted(LOOPBACK))}"
        )
    settings = defaults()
    chosen = engine_settings(index_dir, engine)
    chosen["BIND_HOST"] = host  # answered for, besides localhost and the public URL's host
    if not index_exists(chosen):
        corpora = _split([Path(settings["CORPUS_DIRS"])])
        click.echo(f"No index in {index_dir}: building it from {', '.join(map(str, corpora))}")
        report = run_index(corpora, index_dir, full=True, wait=True, settings=chosen)
        print_report(report)
    try:
        app = create_app(chosen)
    except SettingError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Serving http://{host}:{port}/ (index {index_dir})")
    if debug:
        app.run(host=host, port=port, debug=True)
        return
    from search_app.wsgi import serve

    serve(app, host=host, port=port, workers=workers, threads=threads, client_idle_s=client_timeout)


@main.command("search")
@click.argument("words", nargs=-1)
@click.option("--career", multiple=True)
@click.option("--location", multiple=True)
@click.option("--kind", multiple=True, type=click.Choice(["article", "program"]))
@click.option("--page", default=1, type=int)
@click.option("--json", "as_json", is_flag=True, help="Print the API's JSON.")
@INDEX_OPTION
@engine_options
def search_command(
    words: tuple[str, ...],
    career: tuple[str, ...],
    location: tuple[str, ...],
    kind: tuple[str, ...],
    page: int,
    as_json: bool,
    index_dir: Path,
    **engine: Any,
) -> None:
    """Search from the terminal, exactly as the page and the API do."""
    args = MultiDictArgs(
        {
            "q": " ".join(words),
            "career": career,
            "location": location,
            "kind": kind,
            "page": str(page),
        }
    )
    try:
        query = parse_args(args)
        service = SearchService.from_settings(engine_settings(index_dir, engine))
        try:
            results = service.search(query)
        finally:
            service.close()
    except QueryError as exc:
        raise click.BadParameter(exc.message, param_hint=exc.param) from None
    except IndexMissing as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps(results.to_json(), indent=2))
        return
    click.echo(f"{results.total} results ({results.took_ms} ms)")
    for n, hit in enumerate(results.results, start=(query.page - 1) * query.per_page + 1):
        facts = [hit.kind, hit.location or "", hit.provider or ""]
        if hit.cost_usd is not None:
            facts.append(f"${hit.cost_usd:,}")
        if hit.duration_weeks is not None:
            facts.append(f"{hit.duration_weeks} wk")
        click.echo(f"{n:>3}. {hit.title}  [{' · '.join(f for f in facts if f)}]")


@main.command("eval")
@click.option(
    "--judgments",
    default="tests/relevance/judgments.toml",
    show_default=True,
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
)
@click.option(
    "--index",
    "index_dir",
    default="var/eval-index",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Index to evaluate; built with --build.",
)
@click.option("--build", is_flag=True, help="Build the evaluation index first.")
@click.option(
    "--shared-data",
    default="../shared/data",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Real data folder (New Jersey feed and saved program pages).",
)
@click.option("--per-query", is_flag=True, help="Also print each query's nDCG@10.")
def eval_command(
    judgments: Path, index_dir: Path, build: bool, shared_data: Path, per_query: bool
) -> None:
    """Relevance: nDCG@10, success@3 and zero-result rate, ours beside plain BM25."""
    from search_app import evaluate

    if build or generations.current(index_dir) is None:
        corpora = evaluate.evaluation_corpus(
            index_dir.parent / "eval-corpus", Path("corpus"), shared_data
        )
        report = run_index(corpora, index_dir, full=True, wait=True)
        print_report(report)
    judged = evaluate.load_judgments(judgments)
    service = SearchService(index_dir)
    ours = evaluate.score(judged, evaluate.rank_ours(service))
    base = evaluate.score(judged, evaluate.rank_baseline(index_dir))
    click.echo(f"{len(judged)} judged queries ({judgments})")
    click.echo(f"{'':<18}{'course-search':>15}{'plain BM25':>12}")
    for label, key in (("nDCG@10", "ndcg_at_10"), ("success@3", "success_at_3")):
        click.echo(f"{label:<18}{getattr(ours, key):>15.3f}{getattr(base, key):>12.3f}")
    click.echo(
        f"{'zero-result rate':<18}{ours.zero_result_rate:>15.1%}{base.zero_result_rate:>12.1%}"
    )
    ours_rank, base_rank = evaluate.rank_ours(service), evaluate.rank_baseline(index_dir)
    mine, theirs = evaluate.by_group(judged, ours_rank), evaluate.by_group(judged, base_rank)
    click.echo("\nby group (nDCG@10 / success@3 / zero-result):")
    for name, found in mine.items():
        other = theirs[name]
        n = sum(1 for item in judged if evaluate.group_of(item) == name)
        click.echo(
            f"  {name:<10}{n:>4}  {found.ndcg_at_10:.3f} / {found.success_at_3:.3f} / "
            f"{found.zero_result_rate:.1%}   plain BM25 {other.ndcg_at_10:.3f} / "
            f"{other.success_at_3:.3f} / {other.zero_result_rate:.1%}"
        )
    if per_query:
        for q, value in sorted(ours.per_query.items(), key=lambda kv: kv[1]):
            click.echo(f"  {value:.3f}  {base.per_query[q]:.3f}  {q}")


@main.command("stats")
@INDEX_OPTION
@engine_options
def stats_command(index_dir: Path, **engine: Any) -> None:
    """Documents by kind, career and location; the generation in service and its age."""
    service = SearchService.from_settings(engine_settings(index_dir, engine))
    try:
        health = service.health()
        results = service.search(parse_args(MultiDictArgs({"per_page": "1"})))
    except IndexMissing as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        service.close()
    created = health.created
    age = ""
    if created:
        delta = datetime.now(UTC) - datetime.fromisoformat(created)
        age = f", {int(delta.total_seconds() // 60)} min old"
    click.echo(f"generation {health.generation} (built {created}{age}): {results.total} documents")
    for name, values in results.facets.items():
        counts = Counter({v.value: v.count for v in values})
        click.echo(f"\nby {name}:")
        for value, count in counts.most_common():
            click.echo(f"  {count:>6}  {value}")


@main.command("api-params")
@click.option("--readme", type=click.Path(path_type=Path), default=Path("README.md"))
@click.option("--write", is_flag=True, help="Rewrite the README's tables.")
@click.option("--check", is_flag=True, help="Exit 1 when the README's tables differ.")
def api_params_command(readme: Path, write: bool, check: bool) -> None:
    """The API's parameter tables, made from their declaration (printed without options)."""
    if write:
        changed = api_doc.write(readme)
        click.echo(f"{readme}: {'rewritten' if changed else 'already up to date'}")
    elif check:
        text = readme.read_text(encoding="utf-8")
        if api_doc.spliced(text) != text:
            raise click.ClickException(f"{readme}: run course-search api-params --write")
    else:
        click.echo(api_doc.tables())


main.add_command(insights_command)
main.add_command(crawl_command)
