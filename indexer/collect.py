"""Stage 1 of a build, collect: the corpora's sources and taxonomy, and which sources changed.

A source is read again only when its size or mtime changed *and* its SHA-256 differs from what the
last build recorded; the rest keep their documents (``kept``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from indexer.models import BuildReport, Source, SourceError
from indexer.synonyms import load_taxonomy_with_synonyms
from indexer.taxonomy import Taxonomy


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def taxonomy_file(corpora: list[Path]) -> Path | None:
    """The ``careers.toml`` of the first corpus that has one: it is the taxonomy of the build."""
    return next((c / "careers.toml" for c in corpora if (c / "careers.toml").is_file()), None)


def load_corpus_taxonomy(corpora: list[Path]) -> Taxonomy:
    """The build's taxonomy, with the ``synonyms.toml`` beside its ``careers.toml``; a bad
    synonyms file raises :class:`~indexer.synonyms.SynonymsError` before anything is written."""
    return load_taxonomy_with_synonyms(taxonomy_file(corpora))


def fingerprint(source: Source, old: dict[str, Any] | None) -> str:
    """A source's SHA-256, from ``old`` (its last build's record) when size and mtime match."""
    if old and old.get("size") == source.size and old.get("mtime_ns") == source.mtime_ns:
        return str(old.get("sha256", ""))
    return sha256_of(source.path)


@dataclass
class Changes:
    """What a build must do: sources to read (with their digests), records of the unchanged
    ones, and the keys of sources that are gone."""

    todo: list[tuple[Source, str]] = field(default_factory=list)
    kept: dict[str, dict[str, Any]] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)


def changes(
    sources: list[Source], old_sources: dict[str, dict[str, Any]], report: BuildReport
) -> Changes:
    """Compare the sources found with the last build's records (none: everything is new)."""
    found = Changes()
    for source in sources:
        try:
            digest = fingerprint(source, old_sources.get(source.key))
        except OSError as exc:
            report.errors.append(SourceError(str(source.path), f"cannot read: {exc.strerror}"))
            if source.key in old_sources:
                found.kept[source.key] = old_sources[source.key]
            continue
        old = old_sources.get(source.key)
        if old is not None and old.get("sha256") == digest:
            found.kept[source.key] = {**old, "size": source.size, "mtime_ns": source.mtime_ns}
        else:
            found.todo.append((source, digest))
    seen_keys = {s.key for s in sources}
    found.removed = [k for k in old_sources if k not in seen_keys]
    report.unchanged = sum(len(v.get("docs", [])) for v in found.kept.values())
    return found
