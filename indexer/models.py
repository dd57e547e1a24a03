"""The data that flows through the indexer, as small typed dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Kind = Literal["article", "program"]
Format = Literal["in-person", "online", "hybrid"]


@dataclass(frozen=True)
class Source:
    """One file the indexer reads: an HTML page or a whole feed."""

    key: str  # absolute path: identifies the source across runs
    path: Path
    doc_id: str  # id of the document (HTML) or id prefix (feed)
    kind_hint: str  # "article", "program" (from the folder) or "feed"
    size: int
    mtime_ns: int
    url: str | None = None  # a crawled page's canonical URL: the document's url


@dataclass
class RawDocument:
    """What a page or a feed row says, before normalisation. Everything is optional text."""

    doc_id: str
    source: str
    kind: str | None = None
    title: str = ""
    summary: str = ""
    body: str = ""
    url: str | None = None
    careers: list[str] = field(default_factory=list)  # names, aliases or SOC codes
    provider: str | None = None
    street: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    online: bool | None = None
    mode: str | None = None  # "onsite", "online", "blended", "in person", "hybrid" ...
    cost: str | float | int | None = None
    hours: str | float | int | None = None
    duration: str | None = None  # ISO 8601 ("P6W") or text ("6 weeks", "4-11 weeks")
    credential: str | None = None
    published: str | None = None
    structured: str = "none"  # json-ld, microdata, feed or none
    warnings: list[str] = field(default_factory=list)
    origin: str = ""  # where in the source it came from: "row 12" or "line 3" of a feed


@dataclass
class Document:
    """A normalised document: what is indexed and returned."""

    id: str
    kind: Kind
    title: str
    source: str = ""
    url: str | None = None
    summary: str = ""
    body: str = ""
    careers: list[str] = field(default_factory=list)
    provider: str | None = None
    street: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    online: bool = False
    format: Format | None = None
    cost_usd: int | None = None
    duration_weeks: int | None = None
    hours: int | None = None
    credential: str | None = None
    published: str | None = None  # ISO date, articles
    lat: float | None = None
    lon: float | None = None

    @property
    def location(self) -> str | None:
        """Facet label: ``Houston, TX``, ``Online`` or None when the place is unknown."""
        if self.online and not self.city:
            return "Online"
        if self.city and self.state:
            return f"{self.city}, {self.state}"
        if self.state:
            return self.state
        return "Online" if self.online else None


@dataclass(frozen=True)
class SourceError:
    """A source (or a feed row) that could not be indexed, and why."""

    path: str
    reason: str


@dataclass
class BuildReport:
    """What one ``course-search index`` run did."""

    generation: str | None = None
    full: bool = False
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    failed: int = 0
    documents: int = 0
    seconds: float = 0.0
    errors: list[SourceError] = field(default_factory=list)
    warnings: list[SourceError] = field(default_factory=list)
    # Seconds by stage ("parse", "write": summed over a full build's workers; "workers": their
    # number; "assemble": joining their parts), for the benchmark.
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors
