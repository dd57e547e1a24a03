"""Find the sources in corpus directories: careers.toml, HTML pages and tabular feeds."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from indexer.models import Source, SourceError

HTML_SUFFIXES = {".html", ".htm"}
FEED_SUFFIXES = {".csv", ".jsonl"}
FOLDER_KINDS = {"articles": "article", "programs": "program"}


@dataclass
class Discovery:
    sources: list[Source] = field(default_factory=list)
    taxonomy_files: list[Path] = field(default_factory=list)
    errors: list[SourceError] = field(default_factory=list)


def discover(corpora: list[Path]) -> Discovery:
    """Every source under each corpus directory; unreadable entries become errors, not crashes."""
    found = Discovery()
    for corpus in corpora:
        if not corpus.is_dir():
            found.errors.append(SourceError(str(corpus), "corpus directory not found"))
            continue
        taxonomy = corpus / "careers.toml"
        if taxonomy.is_file():
            found.taxonomy_files.append(taxonomy)
        for folder, kind in FOLDER_KINDS.items():
            for path in _walk(corpus / folder, found.errors):
                if path.suffix.lower() in HTML_SUFFIXES:
                    _add(found, corpus, path, kind)
        feeds = corpus / "feeds"
        if feeds.is_dir():
            for path in sorted(feeds.iterdir()):
                if path.suffix.lower() in FEED_SUFFIXES and path.is_file():
                    _add(found, corpus, path, "feed")
    return found


def _walk(root: Path, errors: list[SourceError]) -> Iterator[Path]:
    """Files under ``root`` in a stable order; symlinked directories are not followed (no loops)."""
    if not root.is_dir():
        return

    def on_error(exc: OSError) -> None:
        errors.append(SourceError(str(exc.filename or root), f"cannot read: {exc.strerror}"))

    for dirpath, dirnames, filenames in os.walk(root, onerror=on_error, followlinks=False):
        dirnames.sort()
        for name in sorted(filenames):
            if not name.startswith("."):
                yield Path(dirpath) / name


def _add(found: Discovery, corpus: Path, path: Path, kind: str) -> None:
    try:
        stat = path.stat()
    except OSError as exc:
        found.errors.append(SourceError(str(path), f"cannot read: {exc.strerror or exc}"))
        return
    relative = path.relative_to(corpus).with_suffix("").as_posix()
    doc_id = path.stem if kind == "feed" else relative
    found.sources.append(
        Source(
            key=str(path.absolute()),
            path=path,
            doc_id=doc_id,
            kind_hint=kind,
            size=stat.st_size,
            mtime_ns=stat.st_mtime_ns,
        )
    )
