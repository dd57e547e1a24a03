"""What a search returns: plain dataclasses shared by the page, the API and the CLI."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from indexer.models import Document
from indexer.urls import web_url


@dataclass
class Hit:
    id: str
    kind: str
    title: str
    url: str
    snippet: str
    careers: list[str]
    provider: str | None
    location: str | None
    format: str | None
    cost_usd: int | None
    duration_weeks: int | None
    score: float
    distance_miles: float | None = None
    explain: dict[str, float] | None = None

    @classmethod
    def from_document(
        cls,
        doc: Document,
        *,
        snippet: str,
        score: float,
        distance_miles: float | None = None,
        explain: dict[str, float] | None = None,
    ) -> Hit:
        """A result row: the document's facts as every engine returns them."""
        return cls(
            id=doc.id,
            kind=doc.kind,
            title=doc.title,
            url=web_url(doc.url) or f"/doc/{doc.id}",
            snippet=snippet,
            careers=doc.careers,
            provider=doc.provider,
            location=doc.location,
            format=doc.format,
            cost_usd=doc.cost_usd,
            duration_weeks=doc.duration_weeks,
            score=round(score, 3),
            distance_miles=distance_miles,
            explain=explain,
        )

    def to_json(self) -> dict[str, Any]:
        data = dict(self.__dict__)  # flat fields: no deep copy (asdict was most of a cached hit)
        if self.explain is None:
            del data["explain"]
        return data


@dataclass
class Chip:
    """An interpretation shown to the person, with the URL parameter that removes it."""

    kind: str  # career, place, online, cost, length, spelling
    label: str
    undo_label: str

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class CareerFacts:
    name: str
    slug: str
    summary: str
    median_pay_usd: int | None
    median_pay_year: int | None
    growth_pct: int | None
    growth_period: str | None
    training: str | None
    entry_education: str | None
    source: str | None
    note: str | None
    programs: int

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Suggestion:
    type: str  # career, location or title
    value: str
    count: int
    id: str | None = None


@dataclass
class FacetValue:
    value: str
    count: int
    selected: bool

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class ValueRange:
    """The lowest and highest of a value (cost, weeks) over some programs, and how many had it."""

    low: int
    high: int
    count: int

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class PayFact:
    career: str
    median_pay_usd: int
    year: int | None
    source: str | None

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class IntentAnswer:
    """What a question asked (intents.INTENTS) and the facts that answer it on the page:
    pay for a pay question, the price range of the matching programs for a cost question, the
    typical length and the matching programs' range for a length question, and whether any
    refresher or renewal course matched for a renewal question."""

    intent: str
    pay: list[PayFact] = field(default_factory=list)
    cost: ValueRange | None = None
    weeks: ValueRange | None = None
    typical_weeks: ValueRange | None = None  # the career's typical training, from the taxonomy
    typical_training: str | None = None
    renewal_found: bool | None = None  # a renewal question: did a refresher/renewal match?
    note: str | None = None  # said on the page, e.g. when no renewal course matched

    def to_json(self) -> dict[str, Any]:
        return {
            "intent": self.intent,
            "pay": [p.to_json() for p in self.pay],
            "cost": self.cost.to_json() if self.cost else None,
            "weeks": self.weeks.to_json() if self.weeks else None,
            "typical_weeks": self.typical_weeks.to_json() if self.typical_weeks else None,
            "typical_training": self.typical_training,
            "renewal_found": self.renewal_found,
            "note": self.note,
        }


@dataclass
class SearchResults:
    query: str
    total: int
    page: int
    per_page: int
    took_ms: float
    interpreted: dict[str, Any]
    suggestion: str | None
    results: list[Hit]
    facets: dict[str, list[FacetValue]]
    generation: str = ""
    relaxed: list[str] = field(default_factory=list)
    chips: list[Chip] = field(default_factory=list)
    careers_panel: list[CareerFacts] = field(default_factory=list)
    intent: IntentAnswer | None = None

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            "page": self.page,
            "per_page": self.per_page,
            "took_ms": self.took_ms,
            "interpreted": self.interpreted,
            "suggestion": self.suggestion,
            "relaxed": self.relaxed,
            "chips": [c.to_json() for c in self.chips],
            "careers_panel": [c.to_json() for c in self.careers_panel],
            "intent": self.intent.to_json() if self.intent else None,
            "results": [h.to_json() for h in self.results],
            "facets": {k: [v.to_json() for v in vs] for k, vs in self.facets.items()},
        }
