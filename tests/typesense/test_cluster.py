"""A three-node Typesense cluster loses its leader to kill -9: searches keep answering through
the client (which lists every node), and the two nodes left elect a leader and take writes."""

from __future__ import annotations

import time
from pathlib import Path

from corpus_pages import write_small_corpus
from typesense_servers import start_cluster, wait_until

from indexer.backends.typesense.index import build_typesense
from indexer.backends.typesense.schema import Cluster as TsCluster
from indexer.build import BuildOptions
from search_app.query import MultiDictArgs, parse_args
from search_app.search import SearchService

QUERIES = {
    "phlebotomy houston": 1,
    "pharmacy technician vs pals provider": 3,
    "cna": 1,
    "": 7,
}
# Long enough for the election (about 12 s) and for searches on the new leader afterwards.
WATCH_S = 45.0
AFTER_ELECTION_S = 4.0


def _search(service: SearchService, q: str) -> int:
    return service.search(parse_args(MultiDictArgs({"q": q}))).total


def test_searches_survive_the_leaders_death(typesense_binary: str, tmp_path: Path) -> None:
    cluster = start_cluster(typesense_binary, tmp_path / "cluster", 3)
    service: SearchService | None = None
    try:
        settings = cluster.settings("cs")
        corpus = write_small_corpus(tmp_path / "corpus")
        report = build_typesense(
            BuildOptions([corpus], tmp_path / "state"), TsCluster.from_settings(settings)
        )
        assert report.ok and report.documents == 7, report.errors
        every = cluster.nodes
        wait_until(lambda: all(n.has_alias("cs") for n in every), 15, "alias replicated", cluster)
        service = SearchService.from_settings(settings)
        for q, total in QUERIES.items():
            assert _search(service, q) == total, q

        leader = cluster.leader()
        assert leader is not None, cluster.logs()
        survivors = [n for n in cluster.nodes if n is not leader]
        leader.kill()  # kill -9: no goodbye to the others
        killed_at = time.monotonic()

        answered: list[tuple[float, float]] = []  # (when, how long) of each search
        elected_at: float | None = None
        deadline = killed_at + WATCH_S
        while time.monotonic() < deadline:
            for q, total in QUERIES.items():
                started = time.monotonic()
                assert _search(service, q) == total, q  # never an error, never a wrong answer
                answered.append((started - killed_at, time.monotonic() - started))
            if elected_at is None and any(n.state() == "LEADER" for n in survivors):
                elected_at = time.monotonic()
            if elected_at is not None and time.monotonic() - elected_at > AFTER_ELECTION_S:
                break
            time.sleep(0.05)
        assert elected_at is not None, f"no new leader in {WATCH_S}s\n{cluster.logs()}"
        after = [a for a in answered if a[0] > elected_at - killed_at]
        assert len(after) >= len(QUERIES), answered
        assert not leader.alive() and leader.state() is None  # stopped for good
        print(
            f"\nleader on :{leader.api_port} killed; new leader after "
            f"{elected_at - killed_at:.1f}s; {len(answered)} searches answered, slowest "
            f"{max(d for _, d in answered):.2f}s"
        )

        # Writes go to the new leader: change a page and index incrementally on two nodes.
        page = corpus / "programs" / "tx" / "houston-cna.html"
        page.write_text(page.read_text().replace("Patient care", "Gerontology care"), "utf-8")
        again = build_typesense(
            BuildOptions([corpus], tmp_path / "state"), TsCluster.from_settings(settings)
        )
        assert again.ok and again.updated == 1, again.errors
        wait_until(
            lambda: _search(service, "gerontology") == 1, 10, "the update searchable", cluster
        )
    finally:
        if service is not None:
            service.close()
        cluster.stop()
