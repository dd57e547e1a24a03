"""HTML page -> RawDocument: schema.org first, then meta tags, then the visible text."""

from __future__ import annotations

import re
from typing import Any

from bs4 import BeautifulSoup, Tag
from bs4.element import NavigableString, PageElement

from indexer.decode import ParseError, decode_page
from indexer.models import RawDocument
from indexer.structured import ARTICLE_TYPES, PROGRAM_TYPES, extract, types_of
from indexer.urls import web_url

MAX_TAGS = 200_000  # real pages have a few thousand; parsing costs grow with the count
_SPACE = re.compile(r"\s+")
# "Union NJ 07083", or street and city run together: "613 Hope Road Eatontown NJ 07724"
# (normalisation separates them with the ZIP code's own city names).
_CITY_STATE_ZIP = re.compile(r"^(?P<city>.+?),?\s+(?P<state>[A-Z]{2})\s+(?P<zip>\d{5})(?:-\d{4})?$")
_COMMA_ADDRESS = re.compile(
    r"^(?:(?P<street>.+),\s*)?(?P<city>[^,\d]+),\s*(?P<state>[A-Za-z][A-Za-z .]+?)"
    r"(?:\s+(?P<zip>\d{5})(?:-\d{4})?)?$"
)
_ONLINE = re.compile(r"(?i)(100% )?(online|remote|virtual|distance learning)")
_NOISE = ["script", "style", "noscript", "template", "svg", "nav", "header", "footer", "form"]

# Visible "label: value" pairs (tables and definition lists) that carry program facts.
_LABELS: dict[str, tuple[str, ...]] = {
    "cost": ("cost", "tuition", "price", "total cost", "fee", "fees", "program cost"),
    "hours": ("hours", "clock hours", "total hours", "contact hours"),
    "duration": ("length", "duration", "program length", "time to complete", "weeks"),
    "provider": ("provider", "school", "institution", "offered by", "training provider"),
    "location": ("location", "where", "address", "campus", "city"),
    "mode": ("format", "delivery", "mode", "delivery mode", "course mode"),
    "credential": ("credential", "degree", "certificate", "award", "credential awarded"),
}


def parse_html(data: bytes, doc_id: str, source: str, kind_hint: str | None) -> RawDocument:
    """Read one page. ``kind_hint`` comes from the folder; the markup wins when it says."""
    html, notes = decode_page(data)
    if (tags := html.count("<")) > MAX_TAGS:
        raise ParseError(f"{tags:,} tags, over the limit of {MAX_TAGS:,}")
    soup = BeautifulSoup(html, "lxml")
    raw = RawDocument(doc_id=doc_id, source=source, kind=kind_hint)
    raw.warnings.extend(notes)
    structured = extract(soup, html)
    raw.warnings.extend(structured.warnings)
    raw.structured = structured.syntax
    item = structured.main_item()
    if item is not None:
        _apply_item(raw, item)
    _apply_meta(raw, soup)
    _apply_visible(raw, soup)
    if not raw.title and not raw.body:
        raise ParseError("no title and no text")
    return raw


def text_of(node: Tag | None) -> str:
    return _SPACE.sub(" ", node.get_text(" ")).strip() if node is not None else ""


def _first(value: Any) -> Any:
    if isinstance(value, list):
        return next((v for v in value if v not in (None, "")), None)
    return value


def _as_text(value: Any) -> str | None:
    value = _first(value)
    if isinstance(value, dict):
        value = _first(value.get("name") or value.get("@value") or value.get("value"))
    if value is None or isinstance(value, (dict, list)):
        return None
    text = _SPACE.sub(" ", str(value)).strip()
    return text or None


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _apply_item(raw: RawDocument, item: dict[str, Any]) -> None:
    types = types_of(item)
    if types & PROGRAM_TYPES:
        raw.kind = "program"
    elif types & ARTICLE_TYPES and "WebPage" not in types:
        raw.kind = "article"
    raw.title = _as_text(item.get("name")) or _as_text(item.get("headline")) or ""
    raw.summary = _as_text(item.get("description")) or ""
    raw.url = _as_text(item.get("url")) or raw.url  # checked, and reported, by normalize
    raw.published = _as_text(item.get("datePublished"))
    for key in ("about", "occupationalCategory", "relevantOccupation"):
        for value in _list(item.get(key)):
            if isinstance(value, dict):
                for part in ("name", "codeValue"):
                    text = _as_text(value.get(part))
                    if text:
                        raw.careers.append(text)
            elif (text := _as_text(value)) is not None:
                raw.careers.append(text)
    provider = item.get("provider")
    raw.provider = _as_text(provider)
    if isinstance(_first(provider), dict):
        _apply_address(raw, _first(provider).get("address"))
    raw.credential = _as_text(
        item.get("educationalCredentialAwarded") or item.get("occupationalCredentialAwarded")
    )
    _apply_offers(raw, item.get("offers"))
    raw.duration = _as_text(item.get("timeToComplete") or item.get("timeRequired"))
    raw.mode = _as_text(item.get("educationalProgramMode") or item.get("courseMode"))
    _apply_address(raw, item.get("location"))
    instance = _first(item.get("hasCourseInstance"))
    if isinstance(instance, dict):
        raw.mode = _as_text(instance.get("courseMode")) or raw.mode
        workload = _as_text(instance.get("courseWorkload"))
        if workload:
            raw.hours = workload
        schedule = _first(instance.get("courseSchedule"))
        if isinstance(schedule, dict):
            raw.duration = _as_text(schedule.get("duration")) or raw.duration
        raw.duration = _as_text(instance.get("duration")) or raw.duration
        _apply_address(raw, instance.get("location"))
        _apply_offers(raw, instance.get("offers"))


def _apply_offers(raw: RawDocument, offers: Any) -> None:
    for offer in _list(offers):
        if not isinstance(offer, dict):
            continue
        price = offer.get("price", offer.get("lowPrice"))
        currency = _as_text(offer.get("priceCurrency")) or "USD"
        if price not in (None, "") and currency.upper() == "USD" and raw.cost is None:
            raw.cost = _first(price)


def _apply_address(raw: RawDocument, value: Any) -> None:
    value = _first(value)
    if isinstance(value, str):
        _apply_location_text(raw, value)
        return
    if not isinstance(value, dict):
        return
    kinds = types_of(value)
    if "VirtualLocation" in kinds:
        raw.online = True
        return
    address = _first(value.get("address")) if "PostalAddress" not in kinds else value
    if isinstance(address, str):
        _apply_location_text(raw, address)
        return
    if not isinstance(address, dict):
        return
    raw.street = raw.street or _as_text(address.get("streetAddress"))
    raw.city = raw.city or _as_text(address.get("addressLocality"))
    raw.state = raw.state or _as_text(address.get("addressRegion"))
    raw.postal_code = raw.postal_code or _as_text(address.get("postalCode"))


def _apply_location_text(raw: RawDocument, text: str) -> None:
    """``Houston, TX``, ``Union NJ 07083``, ``979 Lehigh Ave, Union, NJ 07083`` or ``Online``."""
    text = _SPACE.sub(" ", text).strip()
    if _ONLINE.fullmatch(text):
        raw.online = True
        return
    match = _COMMA_ADDRESS.match(text) or _CITY_STATE_ZIP.match(text)
    if match is None:
        return
    parts = match.groupdict()
    raw.street = raw.street or parts.get("street")
    raw.city = raw.city or parts["city"].strip()
    raw.state = raw.state or parts["state"].strip()
    raw.postal_code = raw.postal_code or parts.get("zip")


def _meta(soup: BeautifulSoup, *names: str) -> str | None:
    for name in names:
        tag = soup.find("meta", attrs={"name": name}) or soup.find("meta", attrs={"property": name})
        if isinstance(tag, Tag):
            content = _SPACE.sub(" ", str(tag.get("content", ""))).strip()
            if content:
                return content
    return None


def _apply_meta(raw: RawDocument, soup: BeautifulSoup) -> None:
    raw.summary = raw.summary or _meta(soup, "description", "og:description") or ""
    if not web_url(raw.url):  # the first absolute http(s) one; else the first, for the report
        link = soup.find("link", rel="canonical")
        href = str(link.get("href", "")).strip() if isinstance(link, Tag) else ""
        found = [u for u in (raw.url, href, _meta(soup, "og:url")) if u]
        raw.url = next((u for u in found if web_url(u)), found[0] if found else None)
    raw.published = raw.published or _meta(soup, "article:published_time", "date")


def _heading_text(h1: Tag) -> str:
    """An h1's own words, without badges nested in it (a rating, an icon label)."""
    own = " ".join(str(s) for s in h1.children if isinstance(s, NavigableString))
    own = _SPACE.sub(" ", own).strip()
    return own or text_of(h1)


def _pairs(root: Tag) -> dict[str, str]:
    """Label -> value from two-cell table rows and from definition lists."""
    pairs: dict[str, str] = {}
    for row in root.find_all("tr"):
        cells = list(row.find_all(["th", "td"], recursive=False))
        if len(cells) == 2:
            pairs.setdefault(text_of(cells[0]).rstrip(":").lower(), text_of(cells[1]))
    for dl in root.find_all("dl"):
        for dt in dl.find_all("dt"):
            dd = dt.find_next_sibling("dd")
            if isinstance(dd, Tag):
                pairs.setdefault(text_of(dt).rstrip(":").lower(), text_of(dd))
    return pairs


def _apply_visible(raw: RawDocument, soup: BeautifulSoup) -> None:
    body = soup.body or soup
    for tag in body.find_all(_NOISE):
        tag.decompose()
    main = body.find("main") or body.find("article") or body.find(id="content") or body
    h1 = main.find("h1") or body.find("h1")
    if not raw.title:
        og_title = _meta(soup, "og:title")
        title_tag = soup.find("title")
        raw.title = (
            og_title
            or (_heading_text(h1) if isinstance(h1, Tag) else "")
            or (text_of(title_tag) if isinstance(title_tag, Tag) else "")
        )
    pairs = _pairs(main) if isinstance(main, Tag) else {}

    def label(field: str) -> str | None:
        return next((pairs[k] for k in _LABELS[field] if pairs.get(k)), None)

    raw.cost = raw.cost if raw.cost is not None else label("cost")
    raw.hours = raw.hours if raw.hours is not None else label("hours")
    raw.duration = raw.duration or label("duration")
    raw.mode = raw.mode or label("mode")
    raw.credential = raw.credential or label("credential")
    raw.provider = raw.provider or label("provider") or _provider_heading(h1)
    where = label("location")
    if where and not raw.city:
        _apply_location_text(raw, where)
    if not raw.city and not raw.online and isinstance(main, Tag):
        _find_address_line(raw, main)
    raw.body = block_text(main) if isinstance(main, Tag) else ""
    if not raw.summary and isinstance(main, Tag):
        para = next((text_of(p) for p in main.find_all("p") if len(text_of(p)) >= 60), "")
        raw.summary = para[:300]


_BLOCKS = [
    "p",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "dt",
    "dd",
    "div",
    "section",
    "blockquote",
    "pre",
    "caption",
    "br",
    "table",
]


_BLOCK_SET = frozenset(_BLOCKS)


def block_text(node: Tag) -> str:
    """Visible text with one line per block element (paragraphs survive for display).

    One pass over the tree with an explicit stack: no recursion and no tree edits, so deeply
    nested hostile markup costs linear time.
    """
    wanted = node.interesting_string_types or Tag.MAIN_CONTENT_STRING_TYPES
    types = {wanted} if isinstance(wanted, type) else set(wanted)
    parts: list[str] = []
    stack: list[PageElement | None] = list(reversed(node.contents))
    while stack:
        current = stack.pop()
        if current is None:  # the end of a block element
            parts.append("\n")
        elif isinstance(current, Tag):
            if current.name in _BLOCK_SET:
                stack.append(None)
            stack.extend(reversed(current.contents))
        elif type(current) in types:
            parts.append(str(current))
    lines = (_SPACE.sub(" ", line).strip() for line in " ".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _provider_heading(h1: Tag | None) -> str | None:
    """Pages without markup often put the provider in an h2 link right after the title."""
    if not isinstance(h1, Tag):
        return None
    h2 = h1.find_next_sibling(["h2", "h3"])
    if isinstance(h2, Tag) and h2.find("a") is not None:
        return text_of(h2) or None
    return None


def _find_address_line(raw: RawDocument, root: Tag) -> None:
    for line in root.get_text("\n").splitlines():
        line = _SPACE.sub(" ", line).strip()
        if _CITY_STATE_ZIP.match(line):
            _apply_location_text(raw, line)
            return
