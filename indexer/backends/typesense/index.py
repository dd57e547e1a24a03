"""Index into a Typesense cluster: the same sources, parsing, normalisation and report as the
Whoosh build, written as Typesense collections.

A full build writes a new collection and then moves the alias to it in one call (Typesense's
zero-downtime reindex), so searches see the old collection or the new one, never a half-built
one. An incremental build upserts changed documents and deletes removed ones in the collection
in service, then replaces its metadata document. One build runs at a time per state directory
(the same lock as the Whoosh build).
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from indexer import vocabulary
from indexer.backends.typesense.meta import (
    Meta,
    alias_target,
    delete_meta,
    ensure_meta,
    read_meta,
    write_meta,
)
from indexer.backends.typesense.schema import (
    TS_SCHEMA_VERSION,
    Cluster,
    close_client,
    collection_schema,
    doc_key,
    make_client,
    to_typesense,
)
from indexer.build import BuildOptions
from indexer.collect import fingerprint, load_corpus_taxonomy, taxonomy_file
from indexer.fields import SCHEMA_VERSION
from indexer.lock import build_lock
from indexer.models import BuildReport, Source, SourceError
from indexer.read import PARSER_VERSION, drop_duplicate_ids, keep_last_good, read_source
from indexer.sources import discover
from indexer.synonyms import FILE as SYNONYMS_FILE
from indexer.taxonomy import Taxonomy

BATCH_SIZE = 200
DELETE_BATCH = 100
KEEP_PREVIOUS = 1  # collections kept behind the one in service, for requests still using them
WRITE_TIMEOUT_S = 60.0
SCHEMA_TAG = SCHEMA_VERSION * 100 + TS_SCHEMA_VERSION


@dataclass
class _Plan:
    full: bool
    live: str | None
    meta: Meta | None
    todo: list[tuple[Source, str]] = field(default_factory=list)
    kept: dict[str, dict[str, Any]] = field(default_factory=dict)
    old_sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)


class _Writer:
    """Upserts in batches; a document Typesense refuses becomes an error of its source."""

    def __init__(self, client: Any, collection: str, report: BuildReport) -> None:
        self.client = client
        self.collection = collection
        self.report = report
        self.pending: list[tuple[dict[str, Any], str, str]] = []  # (document, doc id, source)
        self.refused: set[str] = set()

    def add(self, document: dict[str, Any], doc_id: str, path: str) -> None:
        self.pending.append((document, doc_id, path))
        if len(self.pending) >= BATCH_SIZE:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        batch, self.pending = self.pending, []
        documents = self.client.collections[self.collection].documents
        results = documents.import_(
            [d for d, _, _ in batch], {"action": "upsert"}, batch_size=BATCH_SIZE
        )
        for (_, doc_id, path), result in zip(batch, results, strict=True):
            if not result.get("success"):
                self.refused.add(doc_id)
                why = str(result.get("error") or "refused by Typesense")
                self.report.errors.append(SourceError(path, f"{doc_id}: not indexed: {why}"))

    def delete(self, doc_ids: list[str]) -> None:
        documents = self.client.collections[self.collection].documents
        keys = [doc_key(d) for d in doc_ids]
        for start in range(0, len(keys), DELETE_BATCH):
            chunk = keys[start : start + DELETE_BATCH]
            documents.delete({"filter_by": f"id:[{','.join(chunk)}]"})


def build_typesense(options: BuildOptions, cluster: Cluster) -> BuildReport:
    """Index ``options.corpora`` into the cluster; ``options.index_dir`` holds only the lock."""
    started = time.perf_counter()
    report = BuildReport(full=options.full)
    notes: list[str] = []
    with build_lock(options.index_dir, wait=options.wait, notes=notes):
        report.warnings.extend(SourceError(str(options.index_dir), n) for n in notes)
        client = make_client(cluster, timeout=WRITE_TIMEOUT_S)
        try:
            ensure_meta(client, cluster)
            _build_locked(client, cluster, options, report)
        finally:
            close_client(client)
    report.failed = len(report.errors)
    report.seconds = time.perf_counter() - started
    return report


def _plan(
    client: Any, cluster: Cluster, options: BuildOptions, taxonomy: Taxonomy, report: BuildReport
) -> tuple[_Plan, list[Source]]:
    found = discover(options.corpora)
    report.errors.extend(found.errors)
    report.warnings.extend(found.warnings)
    live = alias_target(client, cluster)
    meta = read_meta(client, cluster, live) if live else None
    compatible = (
        meta is not None
        and meta.schema == SCHEMA_TAG
        and meta.parser == PARSER_VERSION
        and meta.taxonomy == taxonomy.fingerprint
    )
    full = options.full or not compatible
    plan = _Plan(full=full, live=live, meta=meta)
    plan.old_sources = {} if full or meta is None else dict(meta.sources)
    for source in found.sources:
        old = plan.old_sources.get(source.key)
        try:
            digest = fingerprint(source, old)
        except OSError as exc:
            report.errors.append(SourceError(str(source.path), f"cannot read: {exc.strerror}"))
            if old is not None:
                plan.kept[source.key] = old
            continue
        if old is not None and old.get("sha256") == digest:
            plan.kept[source.key] = {**old, "size": source.size, "mtime_ns": source.mtime_ns}
        else:
            plan.todo.append((source, digest))
    seen = {s.key for s in found.sources}
    plan.removed = [k for k in plan.old_sources if k not in seen]
    return plan, found.sources


def _build_locked(
    client: Any, cluster: Cluster, options: BuildOptions, report: BuildReport
) -> None:
    taxonomy = load_corpus_taxonomy(options.corpora)
    plan, _ = _plan(client, cluster, options, taxonomy, report)
    report.full = plan.full
    report.unchanged = sum(len(v.get("docs", [])) for v in plan.kept.values())
    if plan.live and plan.meta and not plan.full and not plan.todo and not plan.removed:
        report.generation = plan.meta.generation
        report.documents = plan.meta.documents
        return
    if plan.full:
        _clean(client, cluster, plan.live)
        target = _new_collection(client, cluster)
    else:
        assert plan.live is not None
        target = plan.live
    try:
        meta = _write(client, cluster, options, report, taxonomy, plan, target)
    except BaseException:
        if plan.full:  # a build that did not finish is never put in service
            _drop(client, cluster, target)
        raise
    if plan.full:
        client.aliases.upsert(cluster.alias, {"collection_name": target})
        _clean(client, cluster, target)
    report.generation = meta.generation
    report.documents = meta.documents


def _new_collection(client: Any, cluster: Cluster) -> str:
    numbers = [cluster.number_of(str(c["name"])) for c in client.collections.retrieve()]
    name = cluster.collection(max([n for n in numbers if n is not None], default=0) + 1)
    client.collections.create(collection_schema(name))
    return name


def _write(
    client: Any,
    cluster: Cluster,
    options: BuildOptions,
    report: BuildReport,
    taxonomy: Taxonomy,
    plan: _Plan,
    target: str,
) -> Meta:
    base = plan.meta if not plan.full else None
    kept, old_sources = plan.kept, plan.old_sources
    owner = {d: key for key, v in kept.items() for d in v.get("docs", [])}
    places: dict[str, list[float]] = dict(base.places) if base else {}
    words = vocabulary.taxonomy_words(taxonomy)
    if base is not None:
        words.update(base.vocabulary)
    writer = _Writer(client, target, report)
    seq = base.next_seq if base else 0
    stale: list[str] = []
    for key in plan.removed:
        report.removed += len(old_sources[key].get("docs", []))
        stale.extend(old_sources[key].get("docs", []))
    written: dict[str, list[str]] = {}
    for n, (source, digest) in enumerate(plan.todo, start=1):
        result = read_source(source, taxonomy)
        report.errors.extend(result.errors)
        report.warnings.extend(result.warnings)
        old = old_sources.get(source.key)
        if result.fatal:
            if old is not None:
                keep_last_good(source.key, old, kept, owner, report)
        else:
            docs = drop_duplicate_ids(result.documents, source, owner, report)
            for doc in docs:
                writer.add(to_typesense(doc, taxonomy, seq), doc.id, str(source.path))
                seq += 1
                words.update(vocabulary.document_words(doc))
                if doc.location and doc.lat is not None and doc.lon is not None:
                    places[doc.location] = [round(doc.lat, 5), round(doc.lon, 5)]
            if old is not None:
                old_ids = list(old.get("docs", []))
                fresh = {d.id for d in docs}
                stale.extend(d for d in old_ids if d not in fresh)
                report.removed += max(0, len(old_ids) - len(docs))
                report.updated += len(docs)
            else:
                report.added += len(docs)
            written[source.key] = [d.id for d in docs]
            kept[source.key] = {
                "size": source.size,
                "mtime_ns": source.mtime_ns,
                "sha256": digest,
                "docs": [],
            }
        if options.progress is not None:
            options.progress(n, len(plan.todo))
    writer.flush()
    for key, ids in written.items():
        kept[key]["docs"] = [d for d in ids if d not in writer.refused]
    live_ids = {d for v in kept.values() for d in v.get("docs", [])}
    # An id that moved to another source stays; a refused update must not leave the old version.
    stale = sorted({d for d in [*stale, *writer.refused] if d not in live_ids})
    if stale and not plan.full:
        writer.delete(stale)
    meta = Meta(
        collection=target,
        revision=(base.revision + 1) if base else 1,
        next_seq=seq,
        created=datetime.now(UTC).isoformat(timespec="seconds"),
        documents=sum(len(v.get("docs", [])) for v in kept.values()),
        schema=SCHEMA_TAG,
        parser=PARSER_VERSION,
        taxonomy=taxonomy.fingerprint,
        careers_toml=(
            path.read_text(encoding="utf-8") if (path := taxonomy_file(options.corpora)) else ""
        ),
        synonyms_toml=(
            synonyms.read_text(encoding="utf-8")
            if path and (synonyms := path.with_name(SYNONYMS_FILE)).is_file()
            else ""
        ),
        corpora=[str(p.absolute()) for p in options.corpora],
        sources=kept,
        places=places,
        vocabulary=dict(Counter(words)),
    )
    write_meta(client, cluster, meta)
    return meta


def _drop(client: Any, cluster: Cluster, name: str) -> None:
    try:
        client.collections[name].delete()
    except Exception as exc:
        if type(exc).__name__ != "ObjectNotFound":
            raise
    delete_meta(client, cluster, name)


def _clean(client: Any, cluster: Cluster, live: str | None) -> list[str]:
    """Drop collections a killed build left behind and those older than the ones kept."""
    live_number = cluster.number_of(live) if live else None
    ours = sorted(
        (n, str(c["name"]))
        for c in client.collections.retrieve()
        if (n := cluster.number_of(str(c["name"]))) is not None
    )
    dropped: list[str] = []
    if live_number is None:
        return dropped
    older = [name for n, name in ours if n < live_number]
    doomed = older[: max(0, len(older) - KEEP_PREVIOUS)]
    doomed += [name for n, name in ours if n > live_number]
    for name in doomed:
        _drop(client, cluster, name)
        dropped.append(name)
    return dropped
