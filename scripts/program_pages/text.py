"""Small text helpers: escaping, money, lengths, articles, lists and mid-sentence case."""

from __future__ import annotations

import html
from collections.abc import Sequence

from .model import Program


def esc(text: str) -> str:
    """HTML-escape as the pages always have been: ``&quot;`` and ``&#x27;`` for quotes."""
    return html.escape(text, quote=True)


def money(amount: int) -> str:
    return f"${amount:,}"


def length_text(prog: Program, prose: bool = False) -> str:
    """ "6 weeks, 120 clock hours" for fact lists; "6 weeks (120 clock hours)" in prose."""
    weeks = ""
    if prog.weeks is not None:
        weeks = f"{prog.weeks} week" + ("" if prog.weeks == 1 else "s")
    hours = f"{prog.hours} clock hours" if prog.hours is not None else ""
    if weeks and hours:
        return f"{weeks} ({hours})" if prose else f"{weeks}, {hours}"
    return weeks or hours


def article(word: str, an_before: Sequence[str] = ()) -> str:
    """ "a" or "an" for ``word``; ``an_before`` lists consonant-letter starts read as vowels."""
    return "an" if word[:1].lower() in "aeiou" or word.startswith(tuple(an_before)) else "a"


def join_list(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return f"{items[0]} and {items[1]}"
    return ", ".join(items[:-1]) + ", and " + items[-1]


def lower_first(text: str) -> str:
    if len(text) > 1 and text[1].isupper():
        return text  # keep acronyms such as "AHA" or "CPR"
    return text[:1].lower() + text[1:]


def career_phrase(name: str) -> str:
    """Lower-case a career name for use mid-sentence, keeping acronyms ("EKG technician")."""
    return " ".join(w if w.isupper() else w.lower() for w in name.split())


def schedule_phrase(schedule: str, lower_words: Sequence[str]) -> str:
    """Schedule text for mid-sentence use: "evenings, Tue/Thu" but "Mon-Fri, 8am-2:30pm"."""
    first = schedule.split(" ")[0].rstrip(",")
    return lower_first(schedule) if first in lower_words else schedule


def word_count(paragraphs: Sequence[str]) -> int:
    return sum(len(p.split()) for p in paragraphs)
