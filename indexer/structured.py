"""schema.org structured data: JSON-LD blocks and microdata, read into one shape.

Both syntaxes come out as JSON-LD-like dicts (``{"@type": "Course", "name": ...}``) so one set of
mapping rules in :mod:`indexer.parse` serves both. Hostile input is bounded: oversized blocks and
deeply nested or enormous structures are skipped with a warning instead of exhausting the process.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from bs4 import BeautifulSoup, Tag

MAX_BLOCK_CHARS = 1_000_000
MAX_DEPTH = 32
MAX_ITEMS = 5_000

PROGRAM_TYPES = {"Course", "EducationalOccupationalProgram", "WorkBasedProgram", "CourseInstance"}
ARTICLE_TYPES = {"Article", "BlogPosting", "NewsArticle", "TechArticle", "Report", "WebPage"}


@dataclass
class StructuredData:
    items: list[dict[str, Any]] = field(default_factory=list)
    syntax: str = "none"  # json-ld, microdata or none
    warnings: list[str] = field(default_factory=list)

    def main_item(self) -> dict[str, Any] | None:
        """The item the page is about: a program type first, then an article type."""
        for wanted in (
            PROGRAM_TYPES - {"CourseInstance"},
            ARTICLE_TYPES - {"WebPage"},
            {"WebPage"},
        ):
            for item in self.items:
                if wanted & types_of(item):
                    return item
        return None


def types_of(item: dict[str, Any]) -> set[str]:
    """The short schema.org type names of an item (``https://schema.org/Course`` -> ``Course``)."""
    raw = item.get("@type", [])
    values = raw if isinstance(raw, list) else [raw]
    return {str(v).rstrip("/").rsplit("/", 1)[-1] for v in values if v}


def extract(soup: BeautifulSoup, html: str) -> StructuredData:
    """JSON-LD when the page has usable JSON-LD, otherwise microdata, otherwise nothing."""
    data = StructuredData()
    ld_items = _json_ld(soup, data.warnings)
    if ld_items:
        data.items, data.syntax = ld_items, "json-ld"
        return data
    if soup.find(True, attrs={"itemscope": True}) is not None:
        md_items = _microdata(html, data.warnings)
        if md_items:
            data.items, data.syntax = md_items, "microdata"
    return data


def _json_ld(soup: BeautifulSoup, warnings: list[str]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for n, script in enumerate(soup.find_all("script"), start=1):
        if not isinstance(script, Tag):
            continue
        kind = str(script.get("type", "")).split(";")[0].strip().lower()
        if kind != "application/ld+json":
            continue
        text = script.string or script.get_text()
        if len(text) > MAX_BLOCK_CHARS:
            warnings.append(f"JSON-LD block {n} skipped: {len(text):,} characters is too large")
            continue
        text = text.strip().removeprefix("<!--").removesuffix("-->").strip()
        if not text:
            continue
        try:
            value = json.loads(text, strict=False)
        except RecursionError:
            warnings.append(f"JSON-LD block {n} skipped: nested too deeply")
            continue
        except json.JSONDecodeError as exc:
            warnings.append(f"JSON-LD block {n} is not valid JSON ({exc.msg} at line {exc.lineno})")
            continue
        except ValueError as exc:
            warnings.append(f"JSON-LD block {n} is not valid JSON ({exc})")
            continue
        if _too_big(value):
            warnings.append(
                f"JSON-LD block {n} skipped: more than {MAX_DEPTH} levels or {MAX_ITEMS} values"
            )
            continue
        items.extend(_flatten(value))
    return items


def _too_big(value: Any) -> bool:
    """True when ``value`` nests deeper than MAX_DEPTH or holds more than MAX_ITEMS values."""
    count = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        node, depth = stack.pop()
        count += 1
        if depth > MAX_DEPTH or count > MAX_ITEMS:
            return True
        if isinstance(node, dict):
            stack.extend((v, depth + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node)
    return False


def _flatten(value: Any) -> list[dict[str, Any]]:
    """Top-level items of a JSON-LD value: a dict, a list of dicts, or an ``@graph``."""
    if isinstance(value, list):
        return [item for v in value for item in _flatten(v)]
    if not isinstance(value, dict):
        return []
    graph = value.get("@graph")
    if isinstance(graph, list):
        return _flatten(graph)
    return [value]


def _microdata(html: str, warnings: list[str]) -> list[dict[str, Any]]:
    # extruct's W3C microdata extractor handles itemref, nested scopes and content/href values.
    from extruct.w3cmicrodata import MicrodataExtractor
    from lxml import html as lxml_html

    try:
        tree = lxml_html.fromstring(html)
        raw = MicrodataExtractor().extract_items(tree, "")
    except Exception as exc:  # lxml and extruct raise many types on hostile markup
        warnings.append(f"microdata could not be read ({type(exc).__name__})")
        return []
    return [_from_microdata(item) for item in raw if isinstance(item, dict)]


def _from_microdata(item: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"@type": item.get("type", "")}
    for key, value in (item.get("properties") or {}).items():
        out[key] = _md_value(value)
    return out


def _md_value(value: Any) -> Any:
    if isinstance(value, list):
        return [_md_value(v) for v in value]
    if isinstance(value, dict) and "properties" in value:
        return _from_microdata(value)
    return value
