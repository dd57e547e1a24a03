"""robots.txt rules of one host, read with Protego (Disallow, Allow, Crawl-delay, Request-rate)."""

from __future__ import annotations

from dataclasses import dataclass

from protego import Protego


@dataclass
class Rules:
    """What a host's robots.txt lets our user agent do. ``parser`` None: a blanket answer."""

    agent: str  # the product token matched against User-agent lines
    parser: Protego | None = None
    allow_all: bool = True
    note: str | None = None  # why the rules are a blanket answer (no robots.txt, an error)

    @classmethod
    def parse(cls, agent: str, text: str) -> Rules:
        return cls(agent, Protego.parse(text))

    def allowed(self, url: str) -> bool:
        if self.parser is None:
            return self.allow_all
        return bool(self.parser.can_fetch(url, self.agent))

    def delay(self) -> float:
        """Seconds to leave between two requests, from Crawl-delay or Request-rate (0: none)."""
        if self.parser is None:
            return 0.0
        delays = [float(self.parser.crawl_delay(self.agent) or 0)]
        rate = self.parser.request_rate(self.agent)
        if rate is not None and rate.requests:
            delays.append(rate.seconds / rate.requests)
        return max(delays)

    def sitemaps(self) -> list[str]:
        return list(self.parser.sitemaps) if self.parser is not None else []
