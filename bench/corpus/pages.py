"""A row as a web page with schema.org JSON-LD, and the edit the incremental bench makes."""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _json_ld(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")


def program_page(row: dict[str, Any]) -> str:
    """A program listing as found on the web: JSON-LD ``Course`` plus the visible text."""
    instance: dict[str, Any] = {
        "@type": "CourseInstance",
        "courseMode": row["delivery"],
        "duration": row["length"],
    }
    if row["city"]:
        instance["location"] = {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "streetAddress": row["street"],
                "addressLocality": row["city"],
                "addressRegion": row["state"],
                "postalCode": row["zip"],
            },
        }
    else:
        instance["location"] = {"@type": "VirtualLocation"}
    if row["clock_hours"]:
        instance["courseWorkload"] = f"PT{row['clock_hours']}H"
    price = row["total_cost"]
    data = {
        "@context": "https://schema.org",
        "@type": "Course",
        "name": row["program_name"],
        "description": row["description"],
        "url": row["url"],
        "provider": {"@type": "Organization", "name": row["provider_name"]},
        "about": {"@type": "Occupation", "name": row["occupation"]},
        "educationalCredentialAwarded": row["credential"],
        "hasCourseInstance": instance,
        "offers": {
            "@type": "Offer",
            "price": str(price).replace("$", "").replace(",", ""),
            "priceCurrency": "USD",
        },
    }
    where = f"{row['city']}, {row['state']}" if row["city"] else "Online"
    body = "".join(f"<p>{_esc(p)}</p>\n" for p in _split_sentences(row["details"], 3))
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_esc(row['program_name'])} — {_esc(row['provider_name'])}</title>\n"
        f'<meta name="description" content="{_esc(row["description"][:200])}">\n'
        f'<script type="application/ld+json">{_json_ld(data)}</script>\n</head>\n<body>\n'
        '<header><a href="/">Training programs</a></header>\n<main>\n'
        f"<h1>{_esc(row['program_name'])}</h1>\n"
        f'<p class="provider">Offered by {_esc(row["provider_name"])}</p>\n'
        f"<table><tr><th>Location</th><td>{_esc(where)}</td></tr>\n"
        f"<tr><th>Length</th><td>{_esc(row['length'])}</td></tr>\n"
        f"<tr><th>Schedule</th><td>{_esc(row['schedule'])}</td></tr></table>\n"
        f"<p>{_esc(row['description'])}</p>\n{body}</main>\n"
        "<footer><p>Synthetic listing generated for benchmarks.</p></footer>\n</body>\n</html>\n"
    )


def article_page(row: dict[str, Any]) -> str:
    """A career article: JSON-LD ``Article`` with ``about`` occupations, headings and paragraphs."""
    about = [{"@type": "Occupation", "name": row["about"]}]
    if row["about_2"]:
        about.append({"@type": "Occupation", "name": row["about_2"]})
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": row["headline"],
        "description": row["description"],
        "datePublished": row["date_published"],
        "url": row["url"],
        "about": about,
    }
    blocks: list[str] = []
    for n, paragraph in enumerate(row["text"].split("\n")):
        if n and n % 3 == 0:
            blocks.append(f"<h2>{_esc(paragraph.split('.')[0][:60])}</h2>")
        blocks.append(f"<p>{_esc(paragraph)}</p>")
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_esc(row['headline'])}</title>\n"
        f'<meta name="description" content="{_esc(row["description"])}">\n'
        f'<script type="application/ld+json">{_json_ld(data)}</script>\n</head>\n<body>\n'
        f"<main>\n<article>\n<h1>{_esc(row['headline'])}</h1>\n"
        + "\n".join(blocks)
        + "\n</article>\n</main>\n</body>\n</html>\n"
    )


def _split_sentences(text: str, parts: int) -> list[str]:
    sentences = text.split(". ")
    size = max(1, -(-len(sentences) // parts))
    return [". ".join(sentences[i : i + size]) for i in range(0, len(sentences), size)]


def change_page(path: Path, token: str) -> None:
    """Edit one program page the way an editor would: a new sentence carrying ``token``."""
    text = path.read_text(encoding="utf-8")
    marker = "</main>"
    addition = f"<p>Updated schedule: new cohort {token} starts next month.</p>\n"
    path.write_text(text.replace(marker, addition + marker, 1), encoding="utf-8")
