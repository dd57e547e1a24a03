"""One program or article as a feed row: the facts, in the formats real feeds use, and prose."""

from __future__ import annotations

import random
from typing import Any

from bench.corpus.careers import Picker
from bench.corpus.words import (
    ARTICLE_TITLES,
    CREDENTIALS,
    ONLINE_PROVIDERS,
    PROGRAM_TITLES,
    SCHEDULES,
    STREETS,
)
from bench.places import STATE_NAMES
from bench.prose import Markov, fill

PROGRAM_WORDS = (80, 300)
ARTICLE_WORDS = (800, 1500)


def _money(rng: random.Random, amount: int) -> str | int:
    style = rng.randrange(4)
    if style == 0:
        return amount
    if style == 1:
        return f"{amount:,}.00"
    if style == 2:
        return f"${amount:,}"
    return f"${amount:,}.00"


def _length(rng: random.Random, weeks: int) -> str:
    style = rng.randrange(5)
    if style == 0:
        return f"{weeks} weeks"
    if style == 1:
        return f"{max(1, weeks - 3)}-{weeks + 3} weeks"
    if style == 2:
        return f"P{weeks}W"
    if style == 3 and weeks >= 8:
        return f"{round(weeks / 4.33)} months"
    return f"{weeks} wk"


def program_row(pick: Picker, prose: Markov, n: int) -> dict[str, Any]:
    rng = pick.rng
    career = pick.career()
    roll = rng.random()
    fmt = "online" if roll < 0.15 else "hybrid" if roll < 0.30 else "in-person"
    city, state, zip_code = pick.city()
    online = fmt == "online"
    provider = rng.choice(ONLINE_PROVIDERS) if online else pick.provider(city, state)
    weeks = rng.randint(*career.weeks) if career.weeks[1] > 1 else 1
    cost = max(45, int(rng.lognormvariate(7.2, 0.9)) // 5 * 5)
    total = rng.randint(*PROGRAM_WORDS)
    summary_words = prose.sentence(rng, 30)
    body_words = prose.words(rng, max(10, total - len(summary_words)))
    place = "your area" if online else city
    name = pick.alias(career)
    title = rng.choice(PROGRAM_TITLES).format(career=career.name, alias=name)
    lead = f"{title} from {provider}" + ("" if online else f" in {city}, {state}") + "."
    return {
        "program_id": f"p{n:07d}",
        "program_name": title,
        "provider_name": provider,
        "description": lead + " " + fill(summary_words, name, place),
        "details": fill(body_words, pick.alias(career), place),
        "street": None if online else f"{rng.randint(10, 9999)} {rng.choice(STREETS)}",
        "city": None if online else city,
        "state": None if online else state,
        "zip": None if online else zip_code,
        "total_cost": _money(rng, cost),
        "clock_hours": rng.choice((None, weeks * rng.choice((8, 12, 20)))),
        "length": _length(rng, weeks),
        "delivery": {"online": "Online", "hybrid": "Blended", "in-person": "In person"}[fmt],
        "occupation": rng.choice((career.name, career.soc or career.name, name)),
        "credential": rng.choice(CREDENTIALS),
        "schedule": rng.choice(SCHEDULES),
        "url": f"https://programs.example.org/p{n:07d}",
    }


def article_row(pick: Picker, prose: Markov, n: int) -> dict[str, Any]:
    rng = pick.rng
    career = pick.career()
    second = pick.career() if rng.random() < 0.2 else None
    city, state, _ = pick.city()
    name = pick.alias(career)
    if second is not None and second != career:
        headline = f"{career.name} vs {second.name}"
    else:
        second = None
        headline = rng.choice(ARTICLE_TITLES).format(
            career=career.name, alias=name, city=city, state=STATE_NAMES[state]
        )
    paragraphs: list[str] = []
    total = rng.randint(*ARTICLE_WORDS)
    written = 0
    while written < total:
        words = prose.words(rng, rng.randint(50, 120))
        written += len(words)
        subject = second if second is not None and rng.random() < 0.4 else career
        paragraphs.append(fill(words, pick.alias(subject), city))
    return {
        "article_id": f"a{n:07d}",
        "headline": headline[:1].upper() + headline[1:],
        "description": paragraphs[0][:240],
        "text": "\n".join(paragraphs),
        "about": career.name,
        "about_2": second.name if second is not None else None,
        "url": f"https://careers.example.org/a{n:07d}",
        "date_published": f"20{rng.randint(19, 26)}-{rng.randint(1, 12):02d}-"
        f"{rng.randint(1, 28):02d}",
    }
