"""Questions are intents, not words: "how much does a medical assistant make" asks for pay.

:func:`read_question` finds the question's frame (``how much does … make``, ``what does … do``,
``… salary``, ``how long is … training``, ``… vs …``), names the intent it asks for and returns
the words left once the frame is gone: the career, and the place or filters it names. Frames are
matched on whole words only, so no fragment of a question word ("es" of "does") is ever left
behind; the question words still left (``what``, ``how``, ``do``…) are dropped by
:mod:`search_app.understand` once it has read limits such as "in 3 months", so they never become
required or highlighted words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from search_app.intents import BECOME, COMPARE, COST, DUTIES, LENGTH, PAY, RENEWAL

# The words that name each intent: once the intent is read, they are not also words to match.
KEYWORDS: dict[str, frozenset[str]] = {
    PAY: frozenset(
        [
            "salary",
            "salaries",
            "pay",
            "wage",
            "wages",
            "income",
            "earnings",
            "make",
            "makes",
            "earn",
            "earns",
            "paid",
            "rate",
        ]
    ),
    DUTIES: frozenset(["duties", "responsibilities", "description", "job"]),
    BECOME: frozenset(["become", "becoming", "steps", "license", "licence", "licensed"]),
    LENGTH: frozenset(["length", "duration", "long"]),
    COST: frozenset(["cost", "costs", "price", "prices", "tuition", "fee", "fees"]),
    RENEWAL: frozenset(
        [
            "refresher",
            "refreshers",
            "renewal",
            "renewals",
            "recertification",
            "recert",
            "renew",
            "recertify",
            "update",
            "license",
            "licence",
        ]
    ),
    COMPARE: frozenset(["difference", "differences", "between", "better"]),
}
# Words that only frame a question: dropped wherever they are left.
QUESTION_WORDS = frozenset(
    {
        "what",
        "whats",
        "how",
        "much",
        "many",
        "long",
        "does",
        "do",
        "did",
        "doing",
        "is",
        "are",
        "was",
        "can",
        "could",
        "would",
        "will",
        "should",
        "i",
        "im",
        "you",
        "my",
        "it",
        "its",
        "which",
        "why",
        "who",
        "whom",
        "when",
        "where",
        "there",
        "make",
        "makes",
        "earn",
        "earns",
        "paid",
        "get",
        "take",
        "takes",
        "last",
        "become",
        "becoming",
        "be",
        "being",
        "worth",
        "better",
        "difference",
        "differences",
        "between",
        "per",
        "year",
        "hour",
        "hourly",
        "yearly",
        "annual",
        "annually",
        "month",
        "week",
        "card",
        "cards",
    }
)

_A = r"(?:(?:a|an|the|my)\s+)?"
_JOB = (
    r"(?:\s+(?:career|job|jobs|program|programs|school|schools|training|course|courses|classes"
    r"|class|certification|certificate|license|licence|degree))?"
)
_PER = r"(?:\s+(?:a|an|per|each|every)\s+(?:year|hour|month|week))?"
_IN = r"(?P<rest>(?:\s+.+)?)"  # anything after the frame: a place, "online", a limit

# Each frame: (intent, pattern with a group ``x`` for the career and optionally ``y``, ``rest``).
# Patterns are tried in order; the first that matches wins. Alternatives list longer words first
# ("does" before "do") and every word is bounded, so a frame never leaves a fragment.
_FRAMES: list[tuple[str, re.Pattern[str]]] = [
    (
        COMPARE,
        re.compile(
            rf"^(?:what\s+is\s+|whats\s+)?(?:the\s+)?differences?\s+between\s+{_A}(?P<x>.+?)\s+and\s+{_A}(?P<y>.+?)$"
        ),
    ),
    (
        COMPARE,
        re.compile(
            rf"^(?:which\s+is\s+better|should\s+i\s+(?:be|become|do|study|pick|choose))\s+{_A}(?P<x>.+?)\s+or\s+{_A}(?P<y>.+?)$"
        ),
    ),
    (
        PAY,
        re.compile(
            r"^how\s+much\s+(?:money\s+)?(?:does|do|can|could|will|would|did|is|are)\s+"
            rf"{_A}(?P<x>.+?)\s+(?:make|makes|earn|earns|get\s+paid|gets\s+paid|be\s+paid|paid){_PER}{_IN}$"
        ),
    ),
    (
        PAY,
        re.compile(
            r"^(?:what\s+is\s+|whats\s+|what\s+are\s+)?(?:the\s+)?(?:average\s+|median\s+|starting\s+|typical\s+)?"
            rf"(?:salary|salaries|pay|wage|wages|income|earnings)\s+(?:of|for)\s+{_A}(?P<x>.+?){_PER}{_IN}$"
        ),
    ),
    (
        PAY,
        re.compile(
            r"^(?P<x>.+?)\s+(?:average\s+|median\s+|starting\s+|hourly\s+|annual\s+|yearly\s+)?"
            rf"(?:salary|salaries|pay|pay\s+rate|wage|wages|income|earnings){_PER}{_IN}$"
        ),
    ),
    (
        COST,
        re.compile(
            r"^how\s+much\s+(?:does|do|will|would|is)\s+it\s+cost\s+to\s+"
            rf"(?:become|be|get|train\s+as|study|learn)\s+{_A}(?P<x>.+?){_JOB}{_IN}$"
        ),
    ),
    (
        COST,
        re.compile(
            r"^how\s+much\s+(?:does|do|is|are|will|would)\s+"
            rf"{_A}(?P<x>.+?)(?:\s+(?:cost|costs|be))?{_IN}$"
        ),
    ),
    (
        COST,
        re.compile(
            r"^(?:what\s+is\s+|whats\s+)?(?:the\s+)?(?:average\s+)?(?:cost|price|tuition|fees?)\s+(?:of|for)\s+"
            rf"{_A}(?P<x>.+?){_IN}$"
        ),
    ),
    (
        COST,
        re.compile(rf"^(?P<x>.+?)\s+(?:cost|costs|price|prices|tuition|fees?){_IN}$"),
    ),
    (
        DUTIES,
        re.compile(
            rf"^what\s+(?:does|do|did)\s+{_A}(?P<x>.+?)\s+do(?:\s+(?:all\s+day|at\s+work|on\s+the\s+job|daily|every\s+day))?$"
        ),
    ),
    (
        DUTIES,
        re.compile(rf"^(?:what\s+is\s+|whats\s+|what\s+are\s+){_A}(?P<x>.+?){_IN}$"),
    ),
    (
        DUTIES,
        re.compile(
            rf"^(?P<x>.+?)\s+(?:job\s+)?(?:duties|responsibilities|job\s+description|day\s+to\s+day){_IN}$"
        ),
    ),
    (
        LENGTH,
        re.compile(
            r"^how\s+long\s+(?:does\s+it\s+take\s+|will\s+it\s+take\s+|do\s+i\s+need\s+|is\s+it\s+)?"
            r"(?:to\s+(?:become|be|get|finish|complete|do)\s+)?(?:is\s+|are\s+|does\s+|do\s+)?"
            rf"{_A}(?P<x>.+?){_JOB}(?:\s+(?:take|takes|last|lasts))?{_IN}$"
        ),
    ),
    (
        LENGTH,
        re.compile(rf"^(?P<x>.+?){_JOB}\s+(?:length|duration|how\s+long|hours\s+required){_IN}$"),
    ),
    (
        LENGTH,
        re.compile(
            r"^how\s+many\s+(?:weeks|months|hours|years|days)\s+(?:is\s+|are\s+|does\s+|do\s+|for\s+|of\s+)?"
            r"(?:it\s+take\s+to\s+(?:become|be|get|finish|complete)\s+|to\s+(?:become|be|get)\s+)?"
            rf"{_A}(?P<x>.+?){_JOB}(?:\s+(?:take|takes|last|lasts))?{_IN}$"
        ),
    ),
    (
        BECOME,
        re.compile(
            r"^(?:how\s+(?:do\s+i|do\s+you|can\s+i|to|does\s+one|would\s+i|should\s+i)\s+|steps\s+to\s+|ways\s+to\s+)"
            rf"(?:become|be|get\s+into|get\s+certified\s+as|get|start\s+as)\s+{_A}(?P<x>.+?){_JOB}{_IN}$"
        ),
    ),
    (
        BECOME,
        re.compile(rf"^becoming\s+{_A}(?P<x>.+?){_IN}$"),
    ),
    (
        RENEWAL,
        re.compile(
            rf"^(?:how\s+(?:do\s+i|to|can\s+i)\s+)?(?:renew|recertify)\s+{_A}(?P<x>.+?){_IN}$"
        ),
    ),
    (
        RENEWAL,
        re.compile(
            r"^(?P<x>.+?)\s+(?:license\s+|card\s+|certification\s+|cert\s+)?"
            rf"(?:refresher|refreshers|renewal|renewals|recertification|recert|renew|update){_JOB}{_IN}$"
        ),
    ),
    (
        PAY,
        re.compile(
            rf"^(?:is|are)\s+{_A}(?P<x>.+?){_JOB}\s+(?:worth\s+it|worth\s+the\s+money|worth\s+doing|a\s+good\s+(?:career|job|living))(?:\s+.+)?$"
        ),
    ),
]
_COMPARE_INSIDE = re.compile(
    r"^(?P<x>.+?)\s+(?:vs|versus|compared\s+to|or)\s+(?P<y>.+?)$", re.IGNORECASE
)


@dataclass(frozen=True)
class Question:
    intent: str | None  # one of intents.INTENTS, or None for plain words
    text: str  # the words left to read: careers, places, filters, other words
    parts: tuple[str, ...] = ()  # what each side of a comparison named


def strip_question_words(text: str) -> str:
    """``text`` without the words that only frame a question."""
    return " ".join(w for w in text.split() if w.strip(".,?!'").lower() not in QUESTION_WORDS)


def _typed(q: str) -> str:
    typed = " ".join(re.sub(r"[?!]+", " ", q.replace("’", "'")).split())
    return re.sub(r"(?i)\b(what|i)'([sm])\b", r"\1\2", typed)


def frame_of(q: str) -> int | None:
    """Which frame (its position in the list) reads ``q``, for tests and editors."""
    text = _typed(q).lower()
    return next((n for n, (_, p) in enumerate(_FRAMES) if p.match(text)), None)


FRAME_COUNT = len(_FRAMES)


def read_question(q: str) -> Question:
    """The intent ``q`` asks for, and its words without the question's frame.

    ``how much does a medical assistant make in texas`` -> (pay, ``medical assistant in texas``);
    ``difference between emt and paramedic`` -> (compare, ``emt vs paramedic``).
    """
    # Matched lowercased, taken from the text as typed ("cpr classes OK" keeps its capitals).
    typed = _typed(q)
    text = typed.lower()
    for intent, pattern in _FRAMES:
        match = pattern.match(text)
        if match is None:
            continue
        x, y, rest = (
            typed[match.start(g) : match.end(g)].strip()
            if g in pattern.groupindex and match.group(g)
            else ""
            for g in ("x", "y", "rest")
        )
        if not x or not strip_question_words(x):
            continue
        if y:
            return Question(COMPARE, f"{x} vs {y} {rest}".strip(), (x, y))
        inside = _COMPARE_INSIDE.match(x)
        parts = (inside.group("x"), inside.group("y")) if inside else ()
        left = " ".join(w for w in f"{x} {rest}".split() if w.lower() not in KEYWORDS[intent])
        return Question(intent, left, parts)
    inside = _COMPARE_INSIDE.match(text)
    if inside and re.search(r"\b(?:vs|versus|compared\s+to)\b", text):
        return Question(COMPARE, typed, (inside.group("x"), inside.group("y")))
    return Question(None, typed)
