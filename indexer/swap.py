"""Last stage of a build, swap: the manifest, vocabulary and taxonomy beside the finished index,
then the new generation put in service with one atomic rename (:func:`generations.publish`)."""

from __future__ import annotations

import shutil
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from indexer import generations, vocabulary
from indexer.collect import taxonomy_file
from indexer.fields import SCHEMA_VERSION
from indexer.models import BuildReport
from indexer.read import PARSER_VERSION
from indexer.synonyms import FILE as SYNONYMS_FILE
from indexer.taxonomy import Taxonomy


def seal(
    corpora: list[Path],
    index_dir: Path,
    report: BuildReport,
    taxonomy: Taxonomy,
    kept: dict[str, dict[str, Any]],
    places: dict[str, list[float]],
    words: Counter[str],
    build_dir: Path,
    extra: dict[str, Any],
) -> None:
    """Write the manifest, vocabulary and taxonomy beside the finished index, and publish it."""
    report.documents = sum(len(v.get("docs", [])) for v in kept.values())
    report.failed = len(report.errors)
    manifest = {
        "schema": SCHEMA_VERSION,
        "parser": PARSER_VERSION,
        "taxonomy": taxonomy.fingerprint,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "documents": report.documents,
        "corpora": [str(p.absolute()) for p in corpora],
        "sources": kept,
        "places": places,
        **extra,
    }
    vocabulary.save(build_dir, words)
    source_taxonomy = taxonomy_file(corpora)
    if source_taxonomy is not None:
        shutil.copyfile(source_taxonomy, build_dir / "careers.toml")
        if (synonyms := source_taxonomy.with_name(SYNONYMS_FILE)).is_file():
            shutil.copyfile(synonyms, build_dir / SYNONYMS_FILE)  # queries read what docs were
    report.generation = generations.publish(index_dir, build_dir, manifest).name
