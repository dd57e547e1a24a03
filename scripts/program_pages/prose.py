"""Compose a page's description and meta description from the phrase banks.

Every choice comes from a random source seeded by the row id (``model.seeded``), and the calls on
it are made in a fixed order, so the same row and the same phrase banks give the same words.
"""

from __future__ import annotations

import random

from .data import Material
from .model import Career, Phrases, Program, seeded
from .text import (
    article,
    career_phrase,
    join_list,
    length_text,
    lower_first,
    money,
    schedule_phrase,
    word_count,
)

MIN_WORDS = 85
MAX_WORDS = 200


def _an(phrases: Phrases, word: str) -> str:
    return article(word, phrases.options("grammar", "an_before"))


def _intro(prog: Program, c: Career, phrases: Phrases, rng: random.Random) -> str:
    stem = c.role.split()[0][:4].lower()
    distinct = [a for a in c.aliases if not a.lower().startswith(stem)] or list(c.aliases)
    alias = rng.choice(distinct)
    return phrases.pick(
        rng,
        phrases.for_sector("intro", c.sector),
        title=prog.title,
        provider=prog.provider,
        career_lower=career_phrase(prog.career),
        role=c.role,
        role_article=_an(phrases, c.role),
        alias=alias,
        alias_article=_an(phrases, alias),
        where=f" in {prog.city}" if not prog.online else "",
    )


def _topics(c: Career, phrases: Phrases, rng: random.Random) -> str:
    picked = rng.sample(c.topics, 4)
    first, second, third, fourth = picked
    return phrases.pick(
        rng,
        phrases.options("topics", "options"),
        first=first,
        second=second,
        third=third,
        fourth=fourth,
        three=join_list([first, second, third]),
        four=join_list(picked),
    )


def _practice(prog: Program, c: Career, phrases: Phrases, rng: random.Random) -> str:
    if prog.online:
        online = phrases.options("practice", "online")
        return phrases.pick(rng, online, online_practice=c.online_practice)
    sentence = rng.choice(c.hands_on)
    if prog.format == "hybrid":
        sentence += " " + rng.choice(phrases.options("practice", "hybrid"))
    return sentence


def _audience(c: Career, phrases: Phrases, rng: random.Random) -> str:
    generic = phrases.options("audience", c.sector)
    first, second = rng.sample(list(c.audience), 2)
    return f"{first} {second if rng.random() < 0.6 else rng.choice(generic)}"


def _credential(prog: Program, phrases: Phrases, rng: random.Random) -> str:
    cred = prog.credential
    fields = {"credential": cred, "credential_lower": lower_first(cred)}
    if not cred:
        return phrases.pick(rng, phrases.options("credential", "missing"))
    if cred.startswith("Eligible"):
        return phrases.fill("credential", "eligible", **fields)
    if cred.startswith("Counts"):
        return phrases.fill("credential", "counts", rest=cred[len("Counts") :])
    if cred.lower().startswith("prepares for"):
        return phrases.pick(rng, phrases.options("credential", "prepares"), **fields)
    return phrases.pick(rng, phrases.options("credential", "other"), **fields)


def _when_and_where(prog: Program, phrases: Phrases, rng: random.Random) -> str:
    lower_words = phrases.options("grammar", "lower_schedule_words")
    schedule = schedule_phrase(prog.schedule, lower_words) if prog.schedule else ""
    if prog.online:
        sentence = rng.choice(phrases.options("logistics", "online"))
        key = "online_schedule" if schedule else "online_no_schedule"
        return phrases.fill("logistics", key, sentence=sentence, schedule=schedule)
    if schedule:
        options, hybrid = phrases.options("logistics", "scheduled"), "hybrid_scheduled"
    else:
        options, hybrid = phrases.options("logistics", "unscheduled"), "hybrid_unscheduled"
    sentence = phrases.pick(
        rng,
        options,
        site=f"{prog.city}, {prog.state}",
        city=prog.city,
        schedule=schedule,
        provider=prog.provider,
    )
    if prog.format == "hybrid":
        sentence = phrases.fill("logistics", hybrid, sentence=sentence)
    return sentence


def _logistics(prog: Program, phrases: Phrases, rng: random.Random) -> str:
    first = _when_and_where(prog, phrases, rng)
    length = length_text(prog, prose=True)
    if prog.cost is None:
        second = phrases.pick(rng, phrases.options("logistics", "no_cost"), length=length)
    else:
        options = phrases.options("logistics", "cost")
        second = phrases.pick(rng, options, length=length, cost=money(prog.cost))
    return f"{first} {second}"


def _outlook(c: Career, phrases: Phrases, rng: random.Random) -> str:
    places = rng.sample(list(c.settings), min(3, len(c.settings)))
    noun = c.aliases[0] if c.sector == "resus" else c.role
    options = phrases.for_sector("outlook", c.sector)
    return phrases.pick(rng, options, places=join_list(places), noun=noun)


def compose_prose(prog: Program, material: Material) -> list[str]:
    """Return 2-4 paragraphs (about 80-200 words) describing the program."""
    rng = seeded(prog.id, "prose")
    c, phrases = material.careers[prog.career], material.phrases
    p1 = f"{_intro(prog, c, phrases, rng)} {_topics(c, phrases, rng)}"
    p2 = f"{_practice(prog, c, phrases, rng)} {_audience(c, phrases, rng)}"
    p3 = f"{_credential(prog, phrases, rng)} {_logistics(prog, phrases, rng)}"
    paragraphs = [p1, p2, p3]
    if rng.random() < 0.5 or word_count(paragraphs) < MIN_WORDS:
        paragraphs.append(_outlook(c, phrases, rng))
    extra = [x for x in (*c.hands_on, *c.audience) if x not in p2]
    rng.shuffle(extra)
    while word_count(paragraphs) < MIN_WORDS and extra and not prog.online:
        paragraphs[1] += " " + extra.pop()
    while word_count(paragraphs) < MIN_WORDS and extra:
        sentence = extra.pop()
        if sentence in c.audience:
            paragraphs[1] += " " + sentence
    if word_count(paragraphs) > MAX_WORDS:
        paragraphs = paragraphs[:3]
    return paragraphs


def meta_description(prog: Program, material: Material) -> str:
    rng = seeded(prog.id, "meta")
    phrases = material.phrases
    if prog.online:
        where = phrases.text("meta", "where_online")
    else:
        where = phrases.fill("meta", "where_place", city=prog.city, state=prog.state)
    role = material.careers[prog.career].role
    return phrases.pick(
        rng,
        phrases.options("meta", "options"),
        title=prog.title,
        provider=prog.provider,
        career=prog.career,
        role=role,
        role_article=_an(phrases, role),
        where=where,
        where_bare=where.rstrip(","),
        length=length_text(prog),
        length_prose=length_text(prog, prose=True),
        cost=money(prog.cost) if prog.cost is not None else phrases.text("meta", "no_cost"),
    )
