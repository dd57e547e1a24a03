"""Shared fixtures: small corpora written as HTML strings, built into real indexes in tmp_path."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from corpus_pages import CORPUS, write_small_corpus
from flask import Flask
from flask.testing import FlaskClient

from indexer.build import BuildOptions, build
from indexer.models import BuildReport
from search_app import create_app

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture
def small_corpus(tmp_path: Path) -> Path:
    return write_small_corpus(tmp_path / "corpus")


@pytest.fixture
def index_dir(tmp_path: Path) -> Path:
    return tmp_path / "index"


@pytest.fixture
def build_index(index_dir: Path) -> Callable[..., BuildReport]:
    def run(*corpora: Path, full: bool = False) -> BuildReport:
        return build(BuildOptions(list(corpora), index_dir, full=full))

    return run


@pytest.fixture
def small_index(small_corpus: Path, build_index: Callable[..., BuildReport]) -> Path:
    report = build_index(small_corpus)
    assert report.ok, report.errors
    return small_corpus


@pytest.fixture
def app(small_index: Path, index_dir: Path) -> Flask:
    return create_app({"INDEX_DIR": str(index_dir), "TESTING": True})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture(scope="session")
def shipped_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped corpus, built once for the session."""
    index = tmp_path_factory.mktemp("shipped") / "index"
    report = build(BuildOptions([CORPUS], index, full=True))
    assert report.ok, report.errors
    return index
