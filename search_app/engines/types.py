"""The data the engine interface speaks, besides the request (``SearchQuery``) and the results
(``search_app.results``): what query understanding read from the words (``Interpretation``, its
``PlaceFilter``) and how strictly to match them (``Plan``). Data only, so that every engine can
import them without importing the modules that make them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import us

DEFAULT_RADIUS_MILES = 25


@dataclass
class PlaceFilter:
    label: str  # "Newark, NJ", or a state code
    lat: float | None = None
    lon: float | None = None
    radius_miles: int = DEFAULT_RADIUS_MILES
    state_only: bool = False
    words: tuple[str, ...] = ()  # what the person typed for it
    # A question answered by articles ("how to become a cna in new jersey"): the place limits
    # programs only; every article stays, and those whose title names the place come first.
    any_article: bool = False

    @property
    def name(self) -> str:
        """The place as written in prose: a state's name, or a city's."""
        if self.state_only:
            state = us.states.lookup(self.label)
            return str(state.name) if state else self.label
        return self.label.split(", ")[0]


@dataclass
class Interpretation:
    text: str = ""  # the words left to match
    careers: list[str] = field(default_factory=list)
    career_words: dict[str, str] = field(default_factory=dict)  # career -> the words typed
    place: PlaceFilter | None = None
    online: bool = False
    max_cost: int | None = None
    max_weeks: int | None = None
    comparison: bool = False
    article_intent: bool = False
    program_intent: bool = False
    intent: str | None = None  # what a question asks for (intents.INTENTS): pay, cost…
    intent_words: tuple[str, ...] = ()  # title words of the documents that answer it

    def to_json(self) -> dict[str, object]:
        place = self.place
        return {
            "careers": self.careers,
            "location": place.label if place and not place.state_only else None,
            "state": place.label if place and place.state_only else None,
            "near": (
                {"place": place.label, "radius_miles": place.radius_miles}
                if place and place.lat is not None and not place.state_only
                else None
            ),
            "format": "online" if self.online else None,
            "max_cost_usd": self.max_cost,
            "max_weeks": self.max_weeks,
            "comparison": self.comparison,
            "intent": self.intent,
            "text": self.text,
        }


@dataclass
class Plan:
    """How strictly to match: the relaxation ladder loosens these one at a time."""

    any_term: bool = False
    fuzzy: bool = False
    careers_required: bool = True
    prefixes: frozenset[str] = frozenset()  # terms still being typed: match as prefixes
    # With ``fuzzy``: known terms each word may stand for (a few words, a few terms each)
    near: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def near_of(self, term: str) -> tuple[str, ...]:
        """The near spellings a fuzzy plan allows for ``term`` (none: the word as typed)."""
        if not self.fuzzy:
            return ()
        return next((found for typed, found in self.near if typed == term), ())
