"""Crawled pages as build sources: a content-addressed cache of their bytes beside the index.

A crawled page is indexed from ``INDEX/crawl-cache/ab/<sha256>.html``, a file named by its
content. An unchanged page (a 304, or a 200 with the same bytes) keeps the same file, size and
mtime, so the build's fingerprint sees it unchanged and does not parse it again; a full rebuild
by ``course-search index`` re-reads the pages from the cache without touching the network.
What the crawler knows about each URL (ETag, Last-Modified, canonical URL, document id, cache
file) is saved in the generation's manifest under ``crawl``, so it is exactly as old as the
index it describes: an interrupted crawl leaves both as they were.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from indexer.models import Source, SourceError

CACHE = "crawl-cache"
KEY_PREFIX = "crawl:"


@dataclass
class WebPages:
    """What a crawl hands to the build: the pages to index and what to remember about them."""

    sources: list[Source] = field(default_factory=list)
    # key -> {"url", "final_url", "canonical", "doc_id", "kind", "file", "etag", "last_modified"}
    state: dict[str, dict[str, Any]] = field(default_factory=dict)
    errors: list[SourceError] = field(default_factory=list)
    warnings: list[SourceError] = field(default_factory=list)


def page_key(url: str) -> str:
    """The build's source key of the page listed at ``url`` in a sitemap."""
    return KEY_PREFIX + url


def cache_dir(index_dir: Path) -> Path:
    return index_dir / CACHE


def store(index_dir: Path, body: bytes) -> Path:
    """Save a page's bytes under their SHA-256; an existing copy is left untouched (its mtime
    too), which is what tells the build the page did not change."""
    digest = hashlib.sha256(body).hexdigest()
    path = cache_dir(index_dir) / digest[:2] / f"{digest}.html"
    if path.is_file() and path.stat().st_size == len(body):
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(body)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def source_of(index_dir: Path, key: str, record: dict[str, Any]) -> Source:
    """The build source of a remembered page (its cache file may be gone: the build says so)."""
    path = index_dir / str(record["file"])
    try:
        info = path.stat()
        size, mtime_ns = info.st_size, info.st_mtime_ns
    except OSError:
        size, mtime_ns = -1, -1
    kind = record.get("kind")
    return Source(
        key=key,
        path=path,
        doc_id=str(record["doc_id"]),
        kind_hint=kind if kind in ("article", "program") else "",
        size=size,
        mtime_ns=mtime_ns,
        url=str(record["canonical"]),
    )


def remembered_pages(index_dir: Path, manifest: dict[str, Any]) -> WebPages:
    """The crawled pages of the generation in service, as ``course-search index`` keeps them."""
    state: dict[str, dict[str, Any]] = dict(manifest.get("crawl", {}))
    pages = WebPages(state=state)
    for key, record in state.items():
        if record.get("file") and not record.get("duplicate_of"):
            pages.sources.append(source_of(index_dir, key, record))
    return pages


def collect_garbage(index_dir: Path, manifests: list[dict[str, Any]]) -> int:
    """Remove cached pages no kept generation refers to; returns how many."""
    used = {
        str(record.get("file"))
        for manifest in manifests
        for record in manifest.get("crawl", {}).values()
    }
    removed = 0
    root = cache_dir(index_dir)
    if not root.is_dir():
        return 0
    for path in root.glob("*/*"):
        if path.relative_to(index_dir).as_posix() not in used:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
