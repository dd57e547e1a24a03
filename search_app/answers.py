"""Questions answered on the page: the facts a question asks for, beside the ranked results.

A pay question gets the careers' median pay, a cost question the price range of the matching
programs (which the question already ranks first), a length question the typical training length and
the range in the matching programs, a renewal question whether any refresher or renewal course
matched (and says so when none did). Engine-neutral: the ranges come from the engine's
``program_ranges``, everything else from the taxonomy and the page of hits.
"""

from __future__ import annotations

from indexer.taxonomy import fold
from search_app import intents
from search_app.engines.base import EngineSession, Matched
from search_app.engines.common.ranking import intent_terms
from search_app.engines.common.terms import terms_of
from search_app.engines.types import Interpretation
from search_app.query import SearchQuery
from search_app.results import CareerFacts, Chip, Hit, IntentAnswer, PayFact, ValueRange

CHIPS = {
    intents.PAY: "Question about pay: what it pays first",
    intents.DUTIES: "Question about the job: articles that explain it first",
    intents.BECOME: "How to become one: guides first",
    intents.LENGTH: "Question about length: guides first, with program lengths",
    intents.COST: "Question about cost: prices of matching programs",
    intents.RENEWAL: "Renewal: refresher and renewal courses first",
    intents.COMPARE: "Comparison: articles comparing them first",
}


def intent_chip(interp: Interpretation) -> Chip | None:
    if interp.intent is None:
        return None
    return Chip("intent", CHIPS[interp.intent], "rank without reading it as a question")


def _stems(title: str) -> set[str]:
    return {t for word in fold(title).split() for t in terms_of(word)}


def answer(
    session: EngineSession,
    matched: Matched,
    query: SearchQuery,
    hits: list[Hit],
    panel: list[CareerFacts],
) -> IntentAnswer | None:
    """The facts that answer the query's question, or None when it asks none."""
    interp = matched.interp
    if interp.intent is None:
        return None
    out = IntentAnswer(interp.intent)
    if interp.intent == intents.PAY:
        out.pay = [
            PayFact(c.name, c.median_pay_usd, c.median_pay_year, c.source)
            for c in panel
            if c.median_pay_usd is not None
        ]
        if panel and not out.pay:
            out.note = f"No pay figures for {panel[0].name}: {panel[0].note or 'none published'}"
    if interp.intent in (intents.COST, intents.LENGTH) and matched.total:
        cost, weeks = session.program_ranges(matched, interp.careers)
        if interp.intent == intents.COST:
            out.cost = cost
            if cost is None:
                out.note = "None of the matching programs states its cost."
        else:
            out.weeks = weeks
            career = session.taxonomy.get(interp.careers[0]) if interp.careers else None
            if career is not None:
                out.typical_training = career.training
                low, high = career.training_weeks_min, career.training_weeks_max
                if low is not None and high is not None:
                    out.typical_weeks = ValueRange(low, high, 0)
    if interp.intent == intents.RENEWAL and query.page == 1 and query.sort == "relevance":
        wanted = set(intent_terms(interp))
        # Refresher and renewal courses earn a bonus that puts them first when any matched.
        out.renewal_found = bool(hits) and bool(wanted & _stems(hits[0].title))
        if not out.renewal_found:
            what = " and ".join(interp.careers) or "this search"
            out.note = f"No refresher or renewal course matches {what}; showing all its results."
    return out
