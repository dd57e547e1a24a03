"""Find the sources in corpus directories: careers.toml, HTML pages and tabular feeds."""

from __future__ import annotations

import os
import stat
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
    warnings: list[SourceError] = field(default_factory=list)


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
            roots = _roots(corpus, corpus / folder)
            for path in _walk(corpus / folder, found):
                if path.suffix.lower() in HTML_SUFFIXES:
                    _add(found, corpus, path, kind, roots)
        feeds = corpus / "feeds"
        if feeds.is_dir():
            roots = _roots(corpus, feeds)
            for path in sorted(feeds.iterdir()):
                if path.suffix.lower() in FEED_SUFFIXES and not path.name.startswith("."):
                    _add(found, corpus, path, "feed", roots)
    return found


def _roots(corpus: Path, folder: Path) -> tuple[Path, ...]:
    """Where a source may really live: in the corpus, or in its folder when that is a link."""
    return (corpus.resolve(), folder.resolve())


def _walk(root: Path, found: Discovery) -> Iterator[Path]:
    """Files under ``root`` in a stable order. Symlinked directories are reported and not followed,
    so a link loop cannot make discovery run forever."""
    if not root.is_dir():
        return

    def on_error(exc: OSError) -> None:
        found.errors.append(SourceError(str(exc.filename or root), f"cannot read: {exc.strerror}"))

    for dirpath, dirnames, filenames in os.walk(root, onerror=on_error, followlinks=False):
        dirnames.sort()
        for name in dirnames:
            if (Path(dirpath) / name).is_symlink():
                found.warnings.append(
                    SourceError(
                        str(Path(dirpath) / name), "symbolic link to a directory: not followed"
                    )
                )
        for name in sorted(filenames):
            if not name.startswith("."):
                yield Path(dirpath) / name


def _add(found: Discovery, corpus: Path, path: Path, kind: str, roots: tuple[Path, ...]) -> None:
    try:
        info = path.stat()
    except OSError as exc:
        found.errors.append(SourceError(str(path), f"cannot read: {exc.strerror or exc}"))
        return
    if not stat.S_ISREG(info.st_mode):  # a FIFO would block the reader forever, a device never ends
        if not stat.S_ISDIR(info.st_mode):
            found.errors.append(SourceError(str(path), "not a regular file"))
        return
    if path.is_symlink():
        target = path.resolve()
        if not any(target.is_relative_to(root) for root in roots):
            found.errors.append(
                SourceError(str(path), "symbolic link to a file outside the corpus")
            )
            return
    relative = path.relative_to(corpus).with_suffix("").as_posix()
    doc_id = path.stem if kind == "feed" else relative
    found.sources.append(
        Source(
            key=str(path.absolute()),
            path=path,
            doc_id=doc_id,
            kind_hint=kind,
            size=info.st_size,
            mtime_ns=info.st_mtime_ns,
        )
    )
