"""The intents a question can ask for, and the title words of the documents that answer each.

Data only: query understanding reads questions into these intents (``search_app.questions``),
and every engine's ranking gives the answering documents their bonus
(``search_app.engines.common.ranking``).
"""

from __future__ import annotations

# What each intent asks for; the search boosts the documents that answer it.
PAY = "pay"
DUTIES = "duties"
BECOME = "become"
LENGTH = "length"
COST = "cost"
RENEWAL = "renewal"
COMPARE = "compare"
INTENTS = (PAY, DUTIES, BECOME, LENGTH, COST, RENEWAL, COMPARE)

# Title words of the documents that answer each intent (stemmed by the engine): a document whose
# title has one earns a bonus, without the word being required or highlighted.
TITLE_WORDS: dict[str, tuple[str, ...]] = {
    PAY: ("salary", "pay", "earn", "wage"),
    DUTIES: ("what", "become", "job", "duties", "explained", "training"),
    BECOME: ("become", "get"),
    LENGTH: ("become", "get", "long", "training"),
    COST: (),
    RENEWAL: ("refresher", "renewal", "recertification", "renew", "recert"),
    COMPARE: ("vs", "versus", "compared"),
}
# Title words of documents that answer another question: a salary guide's "what phlebotomists
# earn" does not say what the job is.
AVOID_WORDS: dict[str, tuple[str, ...]] = {
    DUTIES: TITLE_WORDS[PAY],
    BECOME: TITLE_WORDS[PAY],
    LENGTH: TITLE_WORDS[PAY],
}
# Intents answered by articles (pay, duties…) or by programs (what one costs).
ARTICLE_INTENTS = frozenset({PAY, DUTIES, BECOME, LENGTH, COMPARE})
PROGRAM_INTENTS = frozenset({COST})
