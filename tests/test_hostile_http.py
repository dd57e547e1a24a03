"""HTTP hardening: rate limits with Retry-After, request size, no tracebacks, framing, CORS."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from search_app import create_app
from search_app.cli import main
from search_app.config import SettingError
from search_app.search import SearchService


def make_app(index_dir, **settings):
    return create_app({"INDEX_DIR": str(index_dir), **settings})


@pytest.fixture
def limited(small_index, index_dir):
    return make_app(index_dir, RATE_LIMIT="3/minute").test_client()


def test_a_client_over_the_rate_limit_gets_a_json_429_with_retry_after(limited):
    for _ in range(3):
        assert limited.get("/api/v1/search?q=cna").status_code == 200
    response = limited.get("/api/v1/suggest?q=ph", headers={"Origin": "https://partner.example"})
    assert response.status_code == 429
    body = response.get_json()
    assert body["error"].startswith("too many requests: at most 3 per 1 minute")
    seconds = int(response.headers["Retry-After"])
    assert 1 <= seconds <= 60 and body["retry_after"] == seconds
    assert response.headers["Cache-Control"] == "no-store"  # a CDN must not keep the refusal
    # The widget on a partner's page can read the refusal (CORS applies to errors too).
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_health_and_openapi_are_not_rate_limited(limited):
    for _ in range(5):
        assert limited.get("/api/v1/health").status_code == 200
        assert limited.get("/api/v1/openapi.json").status_code == 200


def test_pages_that_search_have_an_allowance_of_their_own_and_a_friendly_429(limited):
    for n in range(3):
        assert limited.get(f"/search?q=cna&page={n + 1}").status_code == 200
    assert limited.get("/api/v1/search?q=cna").status_code == 200  # the API's allowance is apart
    for path in (
        "/search?q=phlebotomy",
        "/doc/articles/pharmacy-technician-vs-pals-provider",
        "/embed",
        "/",
    ):
        refused = limited.get(path)
        assert refused.status_code == 429, path
        assert refused.mimetype == "text/html"
        text = refused.get_data(as_text=True)
        assert "Too many searches" in text and "3 per 1 minute" in text
        seconds = int(refused.headers["Retry-After"])
        assert 1 <= seconds <= 60 and f"wait {seconds} second" in text
        assert refused.headers["Cache-Control"] == "no-store"
    for path in ("/widget.js", "/static/search.css"):  # static files are never limited
        with limited.get(path) as response:
            assert response.status_code == 200


def test_the_page_limit_is_its_own_setting(small_index, index_dir):
    client = make_app(index_dir, RATE_LIMIT="off", PAGE_RATE_LIMIT="2/minute").test_client()
    assert [client.get("/search?q=cna").status_code for _ in range(3)] == [200, 200, 429]
    assert all(client.get("/api/v1/search?q=cna").status_code == 200 for _ in range(5))


def test_two_workers_on_one_index_share_the_counters(small_index, index_dir):
    """Two apps on one index directory are what two gunicorn workers are: by default they count
    in one SQLite file, so the limit is the limit; ``memory://`` counts apart."""
    first, second = (make_app(index_dir, RATE_LIMIT="4/minute").test_client() for _ in range(2))
    codes = [(first if n % 2 else second).get("/api/v1/search?q=cna").status_code for n in range(8)]
    assert codes == [200] * 4 + [429] * 4
    assert (index_dir / ".rate-limits.sqlite").is_file()
    apart = [
        make_app(index_dir, RATE_LIMIT="4/minute", RATE_LIMIT_STORAGE="memory://").test_client()
        for _ in range(2)
    ]
    codes = [apart[n % 2].get("/api/v1/search?q=cna").status_code for n in range(8)]
    assert codes == [200] * 8


def test_clients_are_counted_apart_and_forwarded_for_is_believed_only_from_a_trusted_proxy(
    small_index, index_dir
):
    direct = make_app(index_dir, RATE_LIMIT="2/minute").test_client()
    for n in range(3):  # a spoofed X-Forwarded-For does not buy a fresh allowance
        spoofed = {"X-Forwarded-For": f"203.0.113.{n}"}
        status = direct.get("/api/v1/search", headers=spoofed).status_code
        assert status == (200 if n < 2 else 429)

    proxied = make_app(index_dir, RATE_LIMIT="2/minute", TRUSTED_PROXIES="1").test_client()
    for client in ("198.51.100.7", "198.51.100.8"):
        for n in range(3):
            status = proxied.get("/api/v1/search", headers={"X-Forwarded-For": client}).status_code
            assert status == (200 if n < 2 else 429), (client, n)


def test_the_rate_limit_can_be_turned_off(small_index, index_dir):
    client = make_app(index_dir, RATE_LIMIT="off").test_client()
    assert all(client.get("/api/v1/suggest?q=c").status_code == 200 for _ in range(50))


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("RATE_LIMIT", "lots"),
        ("TRUSTED_PROXIES", "-1"),
        ("TRUSTED_PROXIES", "many"),
        ("FRAME_ANCESTORS", "'self'; script-src *"),
        ("FRAME_ANCESTORS", ""),
        ("PAGE_RATE_LIMIT", "fast"),
        ("RATE_LIMIT_STORAGE", "carrier-pigeon://loft"),
        ("PUBLIC_URL", "javascript:alert(1)"),
        ("PUBLIC_URL", "search.example.org"),
        ("TRUSTED_HOSTS", "*"),
        ("TRUSTED_HOSTS", "https://search.example.org/"),
    ],
)
def test_bad_settings_stop_the_app_at_start_with_the_variable_named(index_dir, setting, value):
    with pytest.raises(SettingError, match=f"COURSE_SEARCH_{setting}"):
        make_app(index_dir, **{setting: value})


def test_a_request_body_over_16_kb_is_refused_with_413(client):
    response = client.post("/api/v1/search?q=cna", data=b"x" * (17 * 1024))
    assert response.status_code == 413
    assert "error" in response.get_json()
    page = client.post("/search", data=b"x" * (17 * 1024))
    assert page.status_code == 413


@pytest.mark.parametrize(
    "path",
    ["/api/v1/search?q=cna", "/search?q=cna", "/doc/articles/pharmacy-technician-vs-pals-provider"],
)
def test_a_get_with_a_body_is_refused_chunked_or_not(client, path):
    for headers, data in (
        ({}, b"x" * 10),
        ({"Transfer-Encoding": "chunked"}, b""),
    ):
        response = client.get(path, data=data, headers=headers)
        assert response.status_code == 400, (path, headers)
        assert "takes no body" in response.get_data(as_text=True)
    assert client.head(path, headers={"Transfer-Encoding": "chunked"}).status_code == 400
    assert client.get(path).status_code in (200, 404)


def test_api_errors_are_json(client):
    missing = client.get("/api/v1/nothing-here")
    assert missing.status_code == 404 and "openapi.json" in missing.get_json()["error"]
    wrong_method = client.post("/api/v1/search")
    assert wrong_method.status_code == 405 and "error" in wrong_method.get_json()
    assert "GET" in wrong_method.headers["Allow"]
    page = client.get("/no-such-page")
    assert page.status_code == 404 and page.mimetype == "text/html"


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/api/v1/nope", 404),
        ("POST", "/api/v1/search", 405),
        ("DELETE", "/api/v1/suggest", 405),
        ("GET", "/api/v2/search", 404),
        ("GET", "/api/v1/search?page=0", 400),
    ],
)
def test_every_api_response_carries_the_api_headers(client, method, path, status):
    """Errors raised while routing, before any API view runs, included."""
    response = client.open(path, method=method, headers={"Origin": "https://partner.example"})
    assert response.status_code == status
    assert response.headers["Cache-Control"] == "no-store"
    assert "Origin" in response.headers["Vary"]
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.mimetype == "application/json" and "error" in response.get_json()


@pytest.mark.parametrize(
    "path", ["/embed", "/doc//articles/cna", "/search?q=cna", "/api/v1/search?q=cna", "/"]
)
def test_a_foreign_host_header_is_refused_and_not_repeated(client, path):
    for host in ("evil.example", "evil.example:8000", "localhost.evil.example"):
        response = client.get(path, headers={"Host": host})
        assert response.status_code == 400, (path, host)
        text = response.get_data(as_text=True)
        assert "evil" not in text and "does not answer for that host name" in text
        assert "evil" not in response.headers.get("Location", "")
    assert client.get(path, headers={"Host": "127.0.0.1:8000"}).status_code in (200, 308)


def test_snippets_use_the_public_url_and_listed_hosts_are_answered(small_index, index_dir):
    client = make_app(
        index_dir,
        PUBLIC_URL="https://search.example.org/",
        TRUSTED_HOSTS="www.example.org, .partner.example",
    ).test_client()
    for host in ("search.example.org", "www.example.org", "cdn.partner.example", "localhost"):
        embed = client.get("/embed", headers={"Host": host})
        assert embed.status_code == 200, host
        text = embed.get_data(as_text=True)
        assert "https://search.example.org/widget.js" in text
        assert "connect-src https://search.example.org" in text
        if host != "search.example.org":
            assert f"//{host}/widget.js" not in text
        assert embed.headers["Cache-Control"] == "public, max-age=300"
    assert client.get("/embed", headers={"Host": "other.example"}).status_code == 400
    redirect = client.get("/doc//articles/cna", headers={"Host": "search.example.org"})
    assert redirect.status_code == 308
    assert redirect.headers["Location"].startswith(("http://search.example.org/", "/"))


SECRET = "boom-in-the-engine /srv/secret/path.py line 42"


@pytest.fixture
def broken(small_index, index_dir, monkeypatch):
    """A production app (not TESTING, FLASK_DEBUG set in the environment) whose search fails."""
    monkeypatch.setenv("FLASK_DEBUG", "1")

    def explode(self, query):
        raise RuntimeError(SECRET)

    monkeypatch.setattr(SearchService, "search", explode)
    app = make_app(index_dir)
    assert not app.debug and not app.testing
    return app.test_client()


@pytest.mark.parametrize("path", ["/api/v1/search?q=cna", "/search?q=cna"])
def test_an_exception_in_a_view_leaks_no_traceback(broken, path):
    response = broken.get(path)
    assert response.status_code == 500
    text = response.get_data(as_text=True)
    for leak in ("Traceback", "RuntimeError", SECRET, "/srv/secret", "werkzeug", "debugger"):
        assert leak not in text
    if path.startswith("/api/"):
        assert response.get_json() == {
            "error": "internal error: the search failed, please try again"
        }
    else:
        assert response.mimetype == "text/html" and "went wrong" in text


def test_security_headers_on_pages_and_api(client):
    page = client.get("/search?q=cna")
    csp = page.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'self'" in csp
    assert page.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    api = client.get("/api/v1/search?q=cna")
    assert api.headers["X-Content-Type-Options"] == "nosniff"
    assert api.headers["Cache-Control"].startswith("public, max-age=60")


def test_embed_frame_ancestors_come_from_the_setting(small_index, index_dir):
    default = make_app(index_dir).test_client().get("/embed")
    assert "frame-ancestors 'self'" in default.headers["Content-Security-Policy"]

    partners = "'self' https://college.example https://*.partner.example"
    client = make_app(index_dir, FRAME_ANCESTORS=partners).test_client()
    embed = client.get("/embed")
    assert embed.status_code == 200
    assert f"frame-ancestors {partners}" in embed.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in embed.headers  # it would contradict the partners' list
    page = client.get("/search?q=cna")
    assert "frame-ancestors 'self'" in page.headers["Content-Security-Policy"]  # pages: never


def test_cors_follows_the_allow_list(small_index, index_dir):
    client = make_app(
        index_dir, ALLOWED_ORIGINS="https://college.example, https://partner.example/"
    ).test_client()
    for origin in ("https://college.example", "https://partner.example"):
        ok = client.get("/api/v1/search?q=cna", headers={"Origin": origin})
        assert ok.headers["Access-Control-Allow-Origin"] == origin
        assert "Origin" in ok.headers["Vary"]
        assert "X-Index-Generation" in ok.headers["Access-Control-Expose-Headers"]
    for origin in ("https://evil.example", "https://college.example.evil.example", "null"):
        other = client.get("/api/v1/search?q=cna", headers={"Origin": origin})
        assert other.status_code == 200
        assert "Access-Control-Allow-Origin" not in other.headers
    no_credentials = client.get("/api/v1/search", headers={"Origin": "https://college.example"})
    assert "Access-Control-Allow-Credentials" not in no_credentials.headers


def test_serve_refuses_the_debugger_on_a_public_address(small_index, index_dir):
    result = CliRunner().invoke(
        main, ["serve", "--debug", "--host", "0.0.0.0", "--index", str(index_dir)]
    )
    assert result.exit_code == 2
    assert "debugger" in result.output and "127.0.0.1" in result.output


def test_serve_reports_a_bad_setting_instead_of_a_traceback(small_index, index_dir, monkeypatch):
    monkeypatch.setenv("COURSE_SEARCH_RATE_LIMIT", "a lot")
    result = CliRunner().invoke(main, ["serve", "--index", str(index_dir)])
    assert result.exit_code == 1
    assert "COURSE_SEARCH_RATE_LIMIT='a lot' is not a rate limit" in result.output
