"""Typesense fixtures: one real single-node server for the session; each test gets its own alias
(and so its own collections) on it."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from typesense_servers import Cluster, server_binary, start_cluster

from indexer.backends.typesense.schema import Cluster as TsCluster
from indexer.backends.typesense.schema import close_client, make_client
from search_app.search import SearchService


@pytest.fixture(autouse=True)
def unhurried(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parity compares what both engines find, spelling retries and relaxation included: on a
    loaded machine the service's time budget for those must not decide the answer."""
    monkeypatch.setattr("search_app.search.OPTIONAL_WORK_S", 60.0, raising=False)


@pytest.fixture(scope="session")
def typesense_binary() -> str:
    return server_binary()


@pytest.fixture(scope="session")
def typesense_node(
    typesense_binary: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Cluster]:
    node = start_cluster(typesense_binary, tmp_path_factory.mktemp("typesense"), 1)
    try:
        yield node
    finally:
        node.stop()


@pytest.fixture
def ts_settings(typesense_node: Cluster) -> dict[str, Any]:
    """Engine settings for this test alone: a fresh alias on the session's server."""
    return typesense_node.settings(f"t{uuid.uuid4().hex[:10]}")


@pytest.fixture
def services() -> Iterator[Callable[[dict[str, Any]], SearchService]]:
    """Open search services from settings; each is closed after the test."""
    opened: list[SearchService] = []

    def open_service(settings: dict[str, Any]) -> SearchService:
        opened.append(SearchService.from_settings(settings))
        return opened[-1]

    yield open_service
    for service in opened:
        service.close()


@pytest.fixture
def ts_client(ts_settings: dict[str, Any]) -> Iterator[Any]:
    client = make_client(TsCluster.from_settings(ts_settings))
    yield client
    close_client(client)
