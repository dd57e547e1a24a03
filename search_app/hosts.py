"""Which host names the app answers for, and the public address it gives out.

Links the app writes with its own address (the embed snippet, the CSP example, redirects such as
``/doc//x`` → ``/doc/x``) would otherwise be built from the request's ``Host`` header, which any
client sets: ``Host: evil.example`` put ``http://evil.example/widget.js`` into the snippet a
partner copies. So the app answers only for trusted host names (Flask's ``TRUSTED_HOSTS``; any
other is a 400 that does not repeat it), and writes ``COURSE_SEARCH_PUBLIC_URL`` into snippets
when it is set.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, request

from indexer.urls import web_url
from search_app.config import SettingError

LOOPBACK_NAMES = ("localhost", "127.0.0.1")
ANY_ADDRESS = ("", "0.0.0.0", "::", "[::]")  # noqa: S104 - names to recognise, not to bind


def public_url(value: str | None) -> str:
    """The site's public base URL without a trailing slash, or "" when not set."""
    text = (value or "").strip()
    if not text:
        return ""
    url = web_url(text)
    if url is None or "?" in url or "#" in url:
        raise SettingError(
            f"COURSE_SEARCH_PUBLIC_URL={value!r} must be the site's absolute http(s) address, "
            "such as https://search.example.org"
        )
    return url.rstrip("/")


def trusted_hosts(value: str | None, public: str, bind_host: str | None = None) -> list[str]:
    """Host names to answer for: loopback, the public URL's, the address served on, and those
    listed (comma-separated; ``.example.org`` also allows its subdomains)."""
    names = list(LOOPBACK_NAMES)
    if public:
        names.append(urlsplit(public).hostname or "")
    if bind_host and bind_host not in ANY_ADDRESS:
        names.append(bind_host)
    for item in (value or "").split(","):
        name = item.strip().lower()
        if not name:
            continue
        if name == "*" or any(c in name for c in "/@ ") or not name.isascii():
            raise SettingError(
                f"COURSE_SEARCH_TRUSTED_HOSTS={value!r}: give host names separated by commas, "
                "such as search.example.org,.example.org"
            )
        names.append(name)
    return list(dict.fromkeys(n for n in names if n))


def public_base() -> str:
    """The address to give out in snippets: the configured public URL, else this request's."""
    configured: str = current_app.config.get("PUBLIC_URL", "")
    return configured or request.host_url.rstrip("/")
