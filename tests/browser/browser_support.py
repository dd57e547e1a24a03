"""Shared by the browser tests: the tiny corpus, the servers' helpers, the partner site's pages
and what a page reported (console, errors, dialogs)."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
XSS_TITLE = "<img src=x onerror=alert(1)>"
XSS_BODY = "<script>alert(2)</script>"
HOSTILE_CSS = "input, ul, li, a, div { all: unset; display: none }\n"


# --------------------------------------------------------------------------- corpus and index


def _program(
    name: str,
    provider: str,
    career: str,
    *,
    city: str | None,
    state: str | None,
    cost: int,
    weeks: int,
    text: str,
) -> str:
    instance: dict[str, Any] = {
        "@type": "CourseInstance",
        "courseMode": "onsite" if city else "online",
        "courseSchedule": {"@type": "Schedule", "duration": f"P{weeks}W"},
    }
    if city:
        instance["location"] = {
            "@type": "Place",
            "name": provider,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": "100 Main Street",
                "addressLocality": city,
                "addressRegion": state,
                "addressCountry": "US",
            },
        }
    data = {
        "@context": "https://schema.org",
        "@type": "Course",
        "name": name,
        "description": text,
        "provider": {"@type": "Organization", "name": provider},
        "about": {"@type": "Occupation", "name": career},
        "offers": {"@type": "Offer", "price": cost, "priceCurrency": "USD"},
        "hasCourseInstance": instance,
    }
    ld = json.dumps(data, indent=1).replace("<", "\\u003c").replace(">", "\\u003e")
    place = f"{city}, {state}" if city else "Online"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{escape(name)} — {escape(provider)}</title>
<meta name="description" content="{escape(text)}">
<script type="application/ld+json">
{ld}
</script></head>
<body><main><h1>{escape(name)}</h1>
<p>Offered by {escape(provider)} in {escape(place)}.</p>
<p>{escape(text)}</p>
</main></body></html>
"""


def _article(title: str, careers: list[str], text: str) -> str:
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": title,
        "description": text,
        "datePublished": "2026-04-01",
        "about": [{"@type": "Occupation", "name": c} for c in careers],
    }
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>
<meta name="description" content="{escape(text)}">
<script type="application/ld+json">{json.dumps(data)}</script></head>
<body><main><article><h1>{escape(title)}</h1><p>{escape(text)}</p>
<p>Training takes weeks, not years, and many community colleges offer evening classes.</p>
</article></main></body></html>
"""


PHLEB = "Phlebotomy Technician"
PROGRAMS = {
    "tx/houston-phlebotomy.html": (
        "Phlebotomy Technician Program",
        "Houston Health Academy",
        PHLEB,
        "Houston",
        "TX",
        950,
        6,
        "Learn venipuncture and capillary draws in a hands-on phlebotomy lab in Houston.",
    ),
    "tx/dallas-phlebotomy.html": (
        "Phlebotomy Technician Certificate",
        "Dallas Career Institute",
        PHLEB,
        "Dallas",
        "TX",
        1200,
        8,
        "Phlebotomy training with a clinical externship at Dallas hospitals.",
    ),
    "il/chicago-phlebotomy.html": (
        "Phlebotomy Training Course",
        "Lakeshore Allied Health",
        PHLEB,
        "Chicago",
        "IL",
        1450,
        10,
        "Evening phlebotomy classes covering specimen handling, safety and patient care.",
    ),
    "az/phoenix-phlebotomy.html": (
        "Fast-Track Phlebotomy",
        "Desert Medical Careers",
        PHLEB,
        "Phoenix",
        "AZ",
        800,
        4,
        "A short phlebotomy course that prepares you for the national certification exam.",
    ),
    "online/phlebotomy-theory.html": (
        "Phlebotomy Theory Online",
        "Meridian eCampus",
        PHLEB,
        None,
        None,
        600,
        5,
        "Online phlebotomy theory with a supervised skills check near you.",
    ),
    "tx/austin-cna.html": (
        "Certified Nursing Assistant Training",
        "Austin Care College",
        "Certified Nursing Assistant",
        "Austin",
        "TX",
        1100,
        4,
        "CNA classes with clinical practice in a nursing home and state exam preparation.",
    ),
    "tx/austin-xss.html": (
        XSS_TITLE,
        "Austin Care College",
        PHLEB,
        "Austin",
        "TX",
        700,
        3,
        f"This phlebotomy listing tests onerror handling: {XSS_BODY} must show as text.",
    ),
    "tx/houston-ekg.html": (
        "EKG Technician Course",
        "Houston Health Academy",
        "EKG Technician",
        "Houston",
        "TX",
        900,
        5,
        "Learn to run 12-lead EKGs and read heart rhythms in Houston.",
    ),
}
ARTICLES = {
    "how-to-become-a-phlebotomist.html": (
        "How to become a phlebotomy technician",
        [PHLEB],
        "What phlebotomy technicians do, how long phlebotomy training takes and what it pays.",
    ),
    "cna-career-guide.html": (
        "CNA career guide",
        ["Certified Nursing Assistant"],
        "Certified nursing assistants help patients with daily care in hospitals and homes.",
    ),
}


def write_corpus(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "corpus" / "careers.toml", root / "careers.toml")
    for rel, (name, provider, career, city, state, cost, weeks, text) in PROGRAMS.items():
        path = root / "programs" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            _program(
                name, provider, career, city=city, state=state, cost=cost, weeks=weeks, text=text
            ),
            encoding="utf-8",
        )
    (root / "articles").mkdir(exist_ok=True)
    for rel, (title, careers, text) in ARTICLES.items():
        (root / "articles" / rel).write_text(_article(title, careers, text), encoding="utf-8")
    return root


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, proc: subprocess.Popen[bytes], log: Path, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the app server exited ({proc.returncode}):\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"the app server did not answer {url} in {timeout}s:\n{log.read_text()}")


@dataclass
class Partner:
    """A partner site on its own origin: pages are (body, content type, CSP) by path."""

    url: str
    app_url: str
    dead_url: str
    pages: dict[str, tuple[bytes, str, str]] = field(default_factory=dict)

    def add(self, path: str, body: str, content_type: str, csp: str = "") -> str:
        self.pages[path] = (body.encode("utf-8"), content_type, csp)
        return self.url + path


def partner_csp(app: str, *, styles: str = "", connect: str = "") -> str:
    return (
        f"default-src 'none'; script-src {app}; style-src {app}{styles}; "
        f"connect-src {app}{connect}; img-src 'none'"
    )


def partner_page(app: str, attributes: str = "", head: str = "") -> str:
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Partner site</title>{head}</head>
<body><main><h1>Find a training program</h1>
<script src="{app}/widget.js" async></script>
<course-search{attributes}></course-search>
<div id="probe">Partner content</div>
</main></body></html>
"""


@dataclass
class Watched:
    """What a page reported: console messages, uncaught errors and dialogs."""

    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    @property
    def csp(self) -> list[str]:
        return [m for m in self.console if "Content Security Policy" in m]


def watch(page: Any) -> Watched:
    seen = Watched()
    page.on("console", lambda msg: seen.console.append(f"{msg.type}: {msg.text}"))
    page.on("pageerror", lambda exc: seen.errors.append(str(exc)))

    def on_dialog(dialog: Any) -> None:
        seen.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return seen
