"""Reference engines on the same documents and queries: SQLite FTS5 (stdlib) and tantivy.

Both read the documents already normalised, from the stored fields of the Whoosh index (with the
same derived text fields the indexer writes), so their build rates exclude parsing: compare them
with ``index.parse`` and the Whoosh full rate, not with the full rate alone.

Modes mirror :mod:`bench.inprocess`: plain (top 10 by BM25 with the same column weights),
facets (plus facet counts for career, location, format and kind), filters (career/location/format
filters with disjunctive counts), highlight (top 10 with a snippet of the body), suggest (titles
starting with the prefix).
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench.inprocess import FACET_FIELDS, _measure, _split, read_log
from bench.timing import peak_rss_mb

TEXT_FIELDS = ("title", "career_terms", "summary", "provider", "place", "body")
_WORD = re.compile(r"[a-z0-9]+")


def _documents(index_dir: Path) -> Iterator[dict[str, Any]]:
    """Every live document's fields as the indexer wrote them (text fields re-derived)."""
    from whoosh import index as whoosh_index

    from indexer import generations
    from indexer.fields import from_stored, to_fields
    from indexer.taxonomy import load_taxonomy

    live = generations.current(index_dir)
    if live is None:
        raise RuntimeError(f"no index in {index_dir}")
    taxonomy = load_taxonomy(live.path / "careers.toml")
    ix = whoosh_index.open_dir(str(live.path))
    with ix.reader() as reader:
        for _, stored in reader.iter_docs():
            doc = from_stored(stored)
            fields = to_fields(doc, taxonomy)
            fields["careers_list"] = doc.careers
            yield fields


def _words(q: str) -> list[str]:
    from whoosh.analysis import STOP_WORDS

    out: list[str] = []
    for word in _WORD.findall(q.lower()):
        if word not in STOP_WORDS and word not in out:
            out.append(word)
    return out


class Fts5:
    """SQLite FTS5 with bm25 column weights; facets by GROUP BY over the match."""

    def __init__(self, path: Path) -> None:
        path.unlink(missing_ok=True)
        self.db = sqlite3.connect(str(path))
        self.db.executescript(
            f"""
            PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
            CREATE VIRTUAL TABLE docs USING fts5({", ".join(TEXT_FIELDS)},
                tokenize='porter unicode61');
            CREATE TABLE meta(rowid INTEGER PRIMARY KEY, id TEXT, kind TEXT, location TEXT,
                format TEXT);
            CREATE TABLE doc_careers(rowid INTEGER, career TEXT);
            """
        )

    def build(self, index_dir: Path) -> dict[str, Any]:
        started = time.perf_counter()
        count = 0
        cur = self.db.cursor()
        for n, fields in enumerate(_documents(index_dir), start=1):
            cur.execute(
                "INSERT INTO docs(rowid, title, career_terms, summary, provider, place, body) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (n, *(fields.get(f, "") for f in TEXT_FIELDS)),
            )
            cur.execute(
                "INSERT INTO meta VALUES (?, ?, ?, ?, ?)",
                (n, fields["id"], fields["kind"], fields.get("location"), fields.get("format")),
            )
            cur.executemany(
                "INSERT INTO doc_careers VALUES (?, ?)", [(n, c) for c in fields["careers_list"]]
            )
            count = n
        self.db.execute("CREATE INDEX doc_careers_rowid ON doc_careers(rowid)")
        self.db.execute("CREATE INDEX doc_careers_career ON doc_careers(career)")
        self.db.execute("CREATE INDEX meta_location ON meta(location)")
        self.db.execute("CREATE INDEX meta_format ON meta(format)")
        self.db.commit()
        seconds = time.perf_counter() - started
        return {"docs": count, "seconds": round(seconds, 2), "docs_per_s": round(count / seconds)}

    @staticmethod
    def _match(words: list[str], joiner: str) -> str:
        return f" {joiner} ".join('"' + w.replace('"', "") + '"' for w in words)

    # The full-text match is materialised first and then joined with the facet columns, so the
    # planner never re-runs MATCH once per row of a facet filter.
    _HITS = (
        "WITH hits AS MATERIALIZED (SELECT rowid, bm25(docs, 4, 3, 2, 1.5, 1.5, 1) AS score "
        "FROM docs WHERE docs MATCH ?) "
    )

    def _filters(
        self, entry_filters: dict[str, tuple[str, ...]], skip: str = ""
    ) -> tuple[str, list[str]]:
        """SQL conditions for the selected values (bound as parameters) of every facet but
        ``skip``. Only fixed column names and ``?`` placeholders are put into the SQL text."""
        sql: list[str] = []
        args: list[str] = []
        for name, values in entry_filters.items():
            if not values or name == skip:
                continue
            marks = ", ".join("?" * len(values))
            if name == "careers":
                sql.append(
                    f"hits.rowid IN (SELECT rowid FROM doc_careers WHERE career IN ({marks}))"  # noqa: S608
                )
            else:
                sql.append(f"m.{name} IN ({marks})")
            args.extend(values)
        return "".join(f" AND {s}" for s in sql), args

    def _match_expr(self, q: str, entry_filters: dict[str, tuple[str, ...]]) -> str | None:
        """Every word must match; when nothing matches them all, any word may (as the service)."""
        words = _words(q)
        if not words:
            return None
        expr = self._match(words, "AND")
        if len(words) > 1:
            where, args = self._filters(entry_filters)
            found = self.db.execute(
                self._HITS + "SELECT 1 FROM hits JOIN meta m ON m.rowid = hits.rowid "  # noqa: S608
                f"WHERE 1{where} LIMIT 1",
                [expr, *args],
            ).fetchone()
            if found is None:
                expr = self._match(words, "OR")
        return expr

    def top(self, q: str, entry_filters: dict[str, tuple[str, ...]]) -> list[Any]:
        expr = self._match_expr(q, entry_filters)
        if expr is None:
            return []
        where, args = self._filters(entry_filters)
        return self.db.execute(
            self._HITS + "SELECT m.id FROM hits JOIN meta m ON m.rowid = hits.rowid "  # noqa: S608
            f"WHERE 1{where} ORDER BY hits.score LIMIT 10",
            [expr, *args],
        ).fetchall()

    def highlighted(self, q: str) -> list[Any]:
        """Top 10 with a snippet of the body (snippet() needs the MATCH in its own query)."""
        expr = self._match_expr(q, {})
        if expr is None:
            return []
        return self.db.execute(
            "SELECT rowid, title, snippet(docs, 5, '<mark>', '</mark>', ' … ', 24) FROM docs "
            "WHERE docs MATCH ? ORDER BY bm25(docs, 4, 3, 2, 1.5, 1.5, 1) LIMIT 10",
            [expr],
        ).fetchall()

    def facets(self, q: str, entry_filters: dict[str, tuple[str, ...]]) -> dict[str, Any]:
        expr = self._match_expr(q, entry_filters)
        if expr is None:
            return {}
        out: dict[str, Any] = {}
        for api_name, name in FACET_FIELDS.items():
            where, args = self._filters(entry_filters, skip=name)
            if name == "careers":
                sql = (
                    self._HITS + "SELECT c.career, count(*) FROM hits "  # noqa: S608
                    "JOIN meta m ON m.rowid = hits.rowid "
                    "JOIN doc_careers c ON c.rowid = hits.rowid "
                    f"WHERE 1{where} GROUP BY c.career"
                )
            else:
                sql = (
                    self._HITS + f"SELECT m.{name}, count(*) FROM hits "  # noqa: S608
                    f"JOIN meta m ON m.rowid = hits.rowid WHERE 1{where} GROUP BY m.{name}"
                )
            out[api_name] = self.db.execute(sql, [expr, *args]).fetchall()
        return out

    def suggest(self, prefix: str) -> list[Any]:
        words = _words(prefix)
        if not words:
            return []
        expr = " AND ".join([*(f'title:"{w}"' for w in words[:-1]), f'title:"{words[-1]}"*'])
        return self.db.execute(
            "SELECT title FROM docs WHERE docs MATCH ? LIMIT 24", [expr]
        ).fetchall()


def run_sqlite(index_dir: Path, log_path: Path, workdir: Path, budget_s: float) -> dict[str, Any]:
    engine = Fts5(workdir / "reference.sqlite")
    out: dict[str, Any] = {"build": engine.build(index_dir)}
    searches, prefixes, filtered = _split(read_log(log_path))
    words = [q.q for q in searches]
    none: dict[str, tuple[str, ...]] = {}

    def of(entry: Any) -> dict[str, tuple[str, ...]]:
        return {
            "careers": entry.careers,
            "location": entry.locations,
            "format": (entry.format,) if entry.format else (),
        }

    out["plain"] = _measure(words, lambda q: engine.top(q, none), budget_s)
    out["facets"] = _measure(
        words, lambda q: (engine.top(q, none), engine.facets(q, none)), budget_s
    )
    out["filters"] = _measure(
        filtered, lambda e: (engine.top(e.q, of(e)), engine.facets(e.q, of(e))), budget_s
    )
    out["highlight"] = _measure(words, engine.highlighted, budget_s)
    out["suggest"] = _measure(prefixes, engine.suggest, budget_s)
    out["peak_rss_mb"] = peak_rss_mb()
    out["full_docs_per_s"] = out["build"]["docs_per_s"]
    return out


def run_tantivy(index_dir: Path, log_path: Path, workdir: Path, budget_s: float) -> dict[str, Any]:
    """tantivy (Rust, via the ``tantivy`` package) when it is installed."""
    import shutil

    import tantivy  # type: ignore[import-not-found,unused-ignore]

    builder = tantivy.SchemaBuilder()
    for name in TEXT_FIELDS:
        stored = name in ("title", "body")
        builder.add_text_field(name, stored=stored, tokenizer_name="en_stem")
    for name in ("id", *FACET_FIELDS.values()):
        builder.add_text_field(name, stored=name == "id", fast=True, tokenizer_name="raw")
    schema = builder.build()
    path = workdir / "reference-tantivy"
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    index = tantivy.Index(schema, path=str(path))
    docs = list(_documents(index_dir))  # read first: the build rate is tantivy's own
    started = time.perf_counter()
    writer = index.writer(heap_size=256_000_000)
    for fields in docs:
        doc = tantivy.Document()
        for name in TEXT_FIELDS:
            doc.add_text(name, fields.get(name) or "")
        doc.add_text("id", fields["id"])
        for career in fields["careers_list"]:
            doc.add_text("careers", career)
        for name in ("location", "format", "kind"):
            if fields.get(name):
                doc.add_text(name, fields[name])
        writer.add_document(doc)
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    seconds = time.perf_counter() - started
    del docs
    out: dict[str, Any] = {
        "build": {"docs": index.searcher().num_docs, "seconds": round(seconds, 2)},
    }
    out["full_docs_per_s"] = round(out["build"]["docs"] / seconds)
    searcher = index.searcher()
    boosts = {"title": 4.0, "career_terms": 3.0, "summary": 2.0, "provider": 1.5, "place": 1.5}
    occur = tantivy.Occur

    def text_query(q: str) -> Any:
        words = _words(q)
        if not words:
            return None
        return index.parse_query(
            " ".join(words),
            list(TEXT_FIELDS),
            field_boosts=boosts,
            conjunction_by_default=True,
        )

    def filtered(query: Any, entry_filters: dict[str, tuple[str, ...]], skip: str = "") -> Any:
        parts = [(occur.Must, query)]
        for name, values in entry_filters.items():
            if values and name != skip:
                either = [(occur.Should, tantivy.Query.term_query(schema, name, v)) for v in values]
                parts.append((occur.Must, tantivy.Query.boolean_query(either)))
        return tantivy.Query.boolean_query(parts) if len(parts) > 1 else query

    def top(q: str, entry_filters: dict[str, tuple[str, ...]]) -> list[Any]:
        query = text_query(q)
        if query is None:
            return []
        hits = searcher.search(filtered(query, entry_filters), limit=10).hits
        return [searcher.doc(address)["id"] for _, address in hits]

    def aggs(names: list[str]) -> dict[str, Any]:
        return {n: {"terms": {"field": FACET_FIELDS[n], "size": 500}} for n in names}

    def facets(q: str, entry_filters: dict[str, tuple[str, ...]]) -> object:
        query = text_query(q)
        if query is None:
            return None
        if not any(entry_filters.values()):
            return searcher.aggregate(query, aggs(list(FACET_FIELDS)))
        return [
            searcher.aggregate(filtered(query, entry_filters, skip=field), aggs([name]))
            for name, field in FACET_FIELDS.items()
        ]

    def highlight(q: str) -> object:
        query = text_query(q)
        if query is None:
            return []
        snippets = tantivy.SnippetGenerator.create(searcher, query, schema, "body")
        hits = searcher.search(query, limit=10).hits
        return [snippets.snippet_from_doc(searcher.doc(a)).to_html() for _, a in hits]

    def suggest(prefix: str) -> object:
        words = _words(prefix)
        if not words:
            return []
        # Titles are stemmed, so every word is matched as a prefix (as Whoosh's Prefix would).
        parts = [
            (occur.Must, tantivy.Query.regex_query(schema, "title", re.escape(w[:5]) + ".*"))
            for w in words[:-1]
        ]
        parts.append(
            (occur.Must, tantivy.Query.regex_query(schema, "title", re.escape(words[-1]) + ".*"))
        )
        hits = searcher.search(tantivy.Query.boolean_query(parts), limit=24).hits
        return [searcher.doc(a)["title"] for _, a in hits]

    searches, prefixes, filtered_log = _split(read_log(log_path))
    words = [q.q for q in searches]
    none: dict[str, tuple[str, ...]] = {}

    def of(entry: Any) -> dict[str, tuple[str, ...]]:
        return {
            "careers": entry.careers,
            "location": entry.locations,
            "format": (entry.format,) if entry.format else (),
        }

    out["plain"] = _measure(words, lambda q: top(q, none), budget_s)
    out["facets"] = _measure(words, lambda q: (top(q, none), facets(q, none)), budget_s)
    out["filters"] = _measure(
        filtered_log, lambda e: (top(e.q, of(e)), facets(e.q, of(e))), budget_s
    )
    out["highlight"] = _measure(words, highlight, budget_s)
    out["suggest"] = _measure(prefixes, suggest, budget_s)
    out["peak_rss_mb"] = peak_rss_mb()
    return out
