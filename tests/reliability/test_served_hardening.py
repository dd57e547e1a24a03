"""Hardening checked against the real server (`course-search serve`, gunicorn with two workers):
rate limits shared by the workers on the pages and the API, slow clients, foreign Host headers,
and bodies on GET."""

from __future__ import annotations

import http.client
import socket
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

import pytest
from reliability_support import index, served, write_big_corpus


@pytest.fixture(scope="module")
def served_index(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("hardening")
    corpus = write_big_corpus(root / "corpus", programs=20)
    index_dir = root / "index"
    result = index(corpus, index_dir)
    assert result.returncode == 0, result.stderr
    return index_dir


def status_of(url: str, timeout: float = 5) -> tuple[int, dict[str, str], str]:
    """A fresh connection per request, so the workers share the requests between them."""
    request = urllib.request.Request(url, headers={"Connection": "close"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # 127.0.0.1 only
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def raw(base: str, data: bytes, timeout: float = 5) -> bytes:
    parts = urlsplit(base)
    with socket.create_connection((parts.hostname, parts.port), timeout=timeout) as sock:
        sock.sendall(data)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_page_and_api_limits_hold_across_workers(served_index, tmp_path):
    settings = {"COURSE_SEARCH_RATE_LIMIT": "12/minute"}
    with served(served_index, tmp_path / "serve.log", workers=2, **settings) as base:
        pages = [status_of(f"{base}/search?q=phlebotomy&page={n % 2 + 1}") for n in range(30)]
        codes = [code for code, _, _ in pages]
        # Two workers with counters of their own would have let up to 24 through.
        assert codes.count(200) == 12 and codes.count(429) == 18, codes
        assert codes[:12] == [200] * 12
        _, headers, body = pages[-1]
        assert 1 <= int(headers["Retry-After"]) <= 60
        assert headers["Content-Type"].startswith("text/html")
        assert headers["Cache-Control"] == "no-store"
        assert "Too many searches" in body and "try again" in body
        assert status_of(f"{base}/doc/articles/marker")[0] == 429  # /doc draws on the same
        # The API has an allowance of its own, shared by the workers too.
        api = [status_of(f"{base}/api/v1/search?q=welding")[0] for _ in range(20)]
        assert api.count(200) == 12 and api.count(429) == 8, api
        assert status_of(f"{base}/api/v1/health")[0] == 200  # never limited


def test_slow_clients_do_not_stall_a_normal_request(served_index, tmp_path):
    settings = {"COURSE_SEARCH_CLIENT_TIMEOUT": "2"}
    with served(served_index, tmp_path / "serve.log", workers=2, **settings) as base:
        parts = urlsplit(base)
        slow = []
        for _ in range(12):  # far more than the two workers
            sock = socket.create_connection((parts.hostname, parts.port), timeout=10)
            sock.sendall(b"GET /search?q=cna HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            slow.append(sock)
        time.sleep(0.3)
        try:
            for path in ("/api/v1/search?q=welding", "/search?q=phlebotomy"):
                start = time.monotonic()
                code, _, _ = status_of(base + path, timeout=5)
                took = time.monotonic() - start
                assert code == 200 and took < 1.0, (path, code, took)
            # The stalled clients are dropped once they have sent nothing for the timeout.
            start = time.monotonic()
            for sock in slow:
                assert sock.recv(1024) == b""
            assert time.monotonic() - start < 6
        finally:
            for sock in slow:
                sock.close()


def test_a_foreign_host_is_refused_and_never_echoed(served_index, tmp_path):
    with served(served_index, tmp_path / "serve.log", workers=1) as base:
        for path in ("/embed", "/doc//articles/marker", "/api/v1/search?q=cna", "/search?q=cna"):
            answer = raw(
                base,
                f"GET {path} HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n".encode(),
            )
            head = answer.split(b"\r\n", 1)[0]
            assert head.upper() == b"HTTP/1.1 400 BAD REQUEST", (path, answer[:200])
            assert b"evil.example" not in answer, path
        code, _, body = status_of(base + "/embed")
        assert code == 200 and f"src=&#34;{base}/widget.js&#34;" in body


@pytest.mark.parametrize("size", [1_000_000, 50_000_000])
def test_a_chunked_body_on_a_get_is_refused(served_index, tmp_path, size):
    with served(served_index, tmp_path / "serve.log", workers=1) as base:
        parts = urlsplit(base)
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        chunk = b"x" * 65536

        def body():
            sent = 0
            while sent < size:
                sent += len(chunk)
                yield chunk

        try:
            conn.request("GET", "/search?q=cna", body=body(), encode_chunked=True)
            response = conn.getresponse()
            assert response.status == 400
            assert b"takes no body" in response.read()
        except (BrokenPipeError, ConnectionResetError):
            pass  # refused before the whole body was sent: the server closed on it
        finally:
            conn.close()
        # The server is still there and answering.
        assert status_of(base + "/api/v1/health")[0] == 200
