"""The seeded scale corpus: N programs and articles, as a corpus directory the indexer reads.

Layout (everything the real indexer reads, so parsing cost is part of the figures)::

    careers.toml                      copied from the source corpus
    feeds/scale.jsonl + scale.toml    most programs, one JSON object a line, with its column mapping
    feeds/scale-articles.jsonl + .toml  most articles (a feed has one kind: articles get their own)
    programs/<st>/<id>.html           a share of programs as pages with schema.org JSON-LD
    articles/<id>.html                a share of articles as pages with JSON-LD

Only the standard library is used; every choice comes from ``random.Random(seed)``.
"""

from __future__ import annotations

import html
import json
import random
import shutil
import tomllib
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import Any, TextIO

from bench.places import CITIES, STATE_NAMES, ranked_cities
from bench.prose import Markov, corpus_paragraphs, fill

PROGRAM_WORDS = (80, 300)
ARTICLE_WORDS = (800, 1500)
FEED = "scale"
ARTICLE_FEED = "scale-articles"

PROGRAM_MAPPING = """\
# Column mapping of the benchmark's synthetic program feed (bench/corpus.py).
[feed]
id = "program_id"
id_prefix = "scale"
kind = "program"

[fields]
title = "program_name"
provider = "provider_name"
summary = "description"
body = ["description", "details"]
street = "street"
city = "city"
state = "state"
postal_code = "zip"
cost = "total_cost"
hours = "clock_hours"
duration = "length"
mode = "delivery"
careers = "occupation"
credential = "credential"
url = "url"
"""

ARTICLE_MAPPING = """\
# Column mapping of the benchmark's synthetic article feed (bench/corpus.py).
[feed]
id = "article_id"
id_prefix = "scale-articles"
kind = "article"

[fields]
title = "headline"
summary = "description"
body = "text"
careers = ["about", "about_2"]
url = "url"
published = "date_published"
"""

_PROVIDER_PREFIXES = (
    "Lone Star", "Riverside", "Summit", "Keystone", "Heritage", "Pinecrest", "Bayview", "Northgate",
    "Prairie", "Harbor", "Crossroads", "Valley", "Metro", "Capitol", "Lakeshore", "Cedar Ridge",
    "Redwood", "Liberty", "Pioneer", "Golden Gate", "Blue Ridge", "Magnolia", "Ironwood", "Sunrise",
)  # fmt: skip
_PROVIDER_KINDS = (
    "Community College", "Technical College", "Medical Career College", "Allied Health Institute",
    "Health Training Academy", "CPR and First Aid", "Commercial Driver Institute", "Trade School",
    "Vocational Center", "Adult Education Center", "School of Health Careers",
    "Regional Medical Center Clinical Education", "Career Institute", "Skills Center",
)  # fmt: skip
_ONLINE_PROVIDERS = (
    "CodeBlue Online Certification", "ReadyPulse eLearning", "Lifeline eLearning Resuscitation",
    "CareerStep Online Academy", "MedPath Distance Learning", "SkillBridge Online",
    "NurseAide Online Institute", "TradeWise Virtual Campus", "Allied Health Online School",
)  # fmt: skip
_PROGRAM_TITLES = (
    "{career} Certificate", "{career} Training Program", "{alias} Course", "{career} Program",
    "Accelerated {career} Program", "{career} Evening Program", "{alias} Certification Prep",
    "{career} Career Training", "{alias} Class", "Certified {career} Training",
    "{career} Diploma", "Weekend {alias} Course",
)  # fmt: skip
_ARTICLE_TITLES = (
    "How to become a {career}", "{career} career guide", "{career} salary and job outlook",
    "{alias} certification: what to know", "Best {career} programs in {city}",
    "{career} training in {state}: costs, length and licensing", "Is {alias} a good career?",
    "What does a {career} do?", "{alias} classes: online or in person?",
)  # fmt: skip
_CREDENTIALS = (
    "Certificate of completion", "Prepares for the national certification exam",
    "State certification", "Industry credential", "Diploma", "Certification card",
    "License eligibility",
)  # fmt: skip
_SCHEDULES = ("Evenings, Tue/Thu", "Weekdays", "Saturdays", "Self-paced", "Evenings, Mon-Thu")
_STREETS = ("Main Street", "Broadway", "Oak Avenue", "Park Road", "Commerce Drive", "1st Street")


@dataclass(frozen=True)
class CareerInfo:
    name: str
    aliases: tuple[str, ...]
    soc: str | None
    weeks: tuple[int, int]


@dataclass(frozen=True)
class CorpusSpec:
    docs: int
    seed: int = 42
    article_share: float = 0.08
    html_share: float = 0.05


@dataclass
class CorpusStats:
    docs: int = 0
    programs: int = 0
    articles: int = 0
    html_pages: int = 0
    feed_rows: int = 0
    bytes: int = 0
    seconds: float = 0.0
    program_pages: list[str] = field(default_factory=list)  # relative paths, for the change test

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["program_pages"] = len(self.program_pages)
        return out


def load_careers(path: Path) -> list[CareerInfo]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    out: list[CareerInfo] = []
    for entry in data.get("careers", []):
        low = int(entry.get("training_weeks_min") or 1)
        high = int(entry.get("training_weeks_max") or low)
        out.append(
            CareerInfo(
                name=str(entry["name"]),
                aliases=tuple(str(a) for a in entry.get("aliases", [])),
                soc=entry.get("soc"),
                weeks=(low, max(low, high)),
            )
        )
    return out


def zipf_weights(n: int, s: float = 1.0) -> list[float]:
    """Cumulative weights of ranks 1..n under Zipf's law with exponent ``s``."""
    return list(accumulate(1.0 / (rank**s) for rank in range(1, n + 1)))


class _Picker:
    """Seeded choices the generator makes again and again."""

    def __init__(self, rng: random.Random, careers: list[CareerInfo]) -> None:
        self.rng = rng
        self.careers = careers
        self._career_w = zipf_weights(len(careers), 0.8)
        self.cities = ranked_cities()
        self._city_w = zipf_weights(len(self.cities), 0.7)
        self._providers: dict[tuple[str, str], list[str]] = {}

    def career(self) -> CareerInfo:
        return self.rng.choices(self.careers, cum_weights=self._career_w)[0]

    def city(self) -> tuple[str, str, str]:
        return self.rng.choices(self.cities, cum_weights=self._city_w)[0]

    def alias(self, career: CareerInfo) -> str:
        if career.aliases and self.rng.random() < 0.4:
            return self.rng.choice(career.aliases)
        return career.name

    def provider(self, city: str, state: str) -> str:
        pool = self._providers.get((city, state))
        if pool is None:
            local = random.Random(f"{city}/{state}")  # the same providers in a city, whatever N
            pool = [
                f"{local.choice((city, *_PROVIDER_PREFIXES))} {local.choice(_PROVIDER_KINDS)}"
                for _ in range(local.randint(3, 9))
            ]
            self._providers[(city, state)] = pool
        return self.rng.choice(pool)


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


def _program(pick: _Picker, prose: Markov, n: int) -> dict[str, Any]:
    rng = pick.rng
    career = pick.career()
    roll = rng.random()
    fmt = "online" if roll < 0.15 else "hybrid" if roll < 0.30 else "in-person"
    city, state, zip_code = pick.city()
    online = fmt == "online"
    provider = rng.choice(_ONLINE_PROVIDERS) if online else pick.provider(city, state)
    weeks = rng.randint(*career.weeks) if career.weeks[1] > 1 else 1
    cost = max(45, int(rng.lognormvariate(7.2, 0.9)) // 5 * 5)
    total = rng.randint(*PROGRAM_WORDS)
    summary_words = prose.sentence(rng, 30)
    body_words = prose.words(rng, max(10, total - len(summary_words)))
    place = "your area" if online else city
    name = pick.alias(career)
    title = rng.choice(_PROGRAM_TITLES).format(career=career.name, alias=name)
    lead = f"{title} from {provider}" + ("" if online else f" in {city}, {state}") + "."
    return {
        "program_id": f"p{n:07d}",
        "program_name": title,
        "provider_name": provider,
        "description": lead + " " + fill(summary_words, name, place),
        "details": fill(body_words, pick.alias(career), place),
        "street": None if online else f"{rng.randint(10, 9999)} {rng.choice(_STREETS)}",
        "city": None if online else city,
        "state": None if online else state,
        "zip": None if online else zip_code,
        "total_cost": _money(rng, cost),
        "clock_hours": rng.choice((None, weeks * rng.choice((8, 12, 20)))),
        "length": _length(rng, weeks),
        "delivery": {"online": "Online", "hybrid": "Blended", "in-person": "In person"}[fmt],
        "occupation": rng.choice((career.name, career.soc or career.name, name)),
        "credential": rng.choice(_CREDENTIALS),
        "schedule": rng.choice(_SCHEDULES),
        "url": f"https://programs.example.org/p{n:07d}",
    }


def _article(pick: _Picker, prose: Markov, n: int) -> dict[str, Any]:
    rng = pick.rng
    career = pick.career()
    second = pick.career() if rng.random() < 0.2 else None
    city, state, _ = pick.city()
    name = pick.alias(career)
    if second is not None and second != career:
        headline = f"{career.name} vs {second.name}"
    else:
        second = None
        headline = rng.choice(_ARTICLE_TITLES).format(
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


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _json_ld(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")


def program_page(row: dict[str, Any]) -> str:
    """A program listing as found on the web: JSON-LD ``Course`` plus the visible text."""
    instance: dict[str, Any] = {
        "@type": "CourseInstance",
        "courseMode": row["delivery"],
        "duration": row["length"],
    }
    if row["city"]:
        instance["location"] = {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "streetAddress": row["street"],
                "addressLocality": row["city"],
                "addressRegion": row["state"],
                "postalCode": row["zip"],
            },
        }
    else:
        instance["location"] = {"@type": "VirtualLocation"}
    if row["clock_hours"]:
        instance["courseWorkload"] = f"PT{row['clock_hours']}H"
    price = row["total_cost"]
    data = {
        "@context": "https://schema.org",
        "@type": "Course",
        "name": row["program_name"],
        "description": row["description"],
        "url": row["url"],
        "provider": {"@type": "Organization", "name": row["provider_name"]},
        "about": {"@type": "Occupation", "name": row["occupation"]},
        "educationalCredentialAwarded": row["credential"],
        "hasCourseInstance": instance,
        "offers": {
            "@type": "Offer",
            "price": str(price).replace("$", "").replace(",", ""),
            "priceCurrency": "USD",
        },
    }
    where = f"{row['city']}, {row['state']}" if row["city"] else "Online"
    body = "".join(f"<p>{_esc(p)}</p>\n" for p in _split_sentences(row["details"], 3))
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_esc(row['program_name'])} — {_esc(row['provider_name'])}</title>\n"
        f'<meta name="description" content="{_esc(row["description"][:200])}">\n'
        f'<script type="application/ld+json">{_json_ld(data)}</script>\n</head>\n<body>\n'
        '<header><a href="/">Training programs</a></header>\n<main>\n'
        f"<h1>{_esc(row['program_name'])}</h1>\n"
        f'<p class="provider">Offered by {_esc(row["provider_name"])}</p>\n'
        f"<table><tr><th>Location</th><td>{_esc(where)}</td></tr>\n"
        f"<tr><th>Length</th><td>{_esc(row['length'])}</td></tr>\n"
        f"<tr><th>Schedule</th><td>{_esc(row['schedule'])}</td></tr></table>\n"
        f"<p>{_esc(row['description'])}</p>\n{body}</main>\n"
        "<footer><p>Synthetic listing generated for benchmarks.</p></footer>\n</body>\n</html>\n"
    )


def article_page(row: dict[str, Any]) -> str:
    """A career article: JSON-LD ``Article`` with ``about`` occupations, headings and paragraphs."""
    about = [{"@type": "Occupation", "name": row["about"]}]
    if row["about_2"]:
        about.append({"@type": "Occupation", "name": row["about_2"]})
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": row["headline"],
        "description": row["description"],
        "datePublished": row["date_published"],
        "url": row["url"],
        "about": about,
    }
    blocks: list[str] = []
    for n, paragraph in enumerate(row["text"].split("\n")):
        if n and n % 3 == 0:
            blocks.append(f"<h2>{_esc(paragraph.split('.')[0][:60])}</h2>")
        blocks.append(f"<p>{_esc(paragraph)}</p>")
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_esc(row['headline'])}</title>\n"
        f'<meta name="description" content="{_esc(row["description"])}">\n'
        f'<script type="application/ld+json">{_json_ld(data)}</script>\n</head>\n<body>\n'
        f"<main>\n<article>\n<h1>{_esc(row['headline'])}</h1>\n"
        + "\n".join(blocks)
        + "\n</article>\n</main>\n</body>\n</html>\n"
    )


def _split_sentences(text: str, parts: int) -> list[str]:
    sentences = text.split(". ")
    size = max(1, -(-len(sentences) // parts))
    return [". ".join(sentences[i : i + size]) for i in range(0, len(sentences), size)]


def train_prose(source_corpus: Path, careers: Sequence[CareerInfo]) -> Markov:
    phrases = [p for c in careers for p in (c.name, *c.aliases) if len(p) > 2]
    cities = sorted({c for c, _, _ in CITIES} | {"Eatontown", "Newark", "Union"})
    return Markov.train(corpus_paragraphs(source_corpus), phrases, cities)


def generate(out_dir: Path, spec: CorpusSpec, source_corpus: Path) -> CorpusStats:
    """Write ``spec.docs`` documents into ``out_dir`` (emptied first)."""
    import time

    started = time.perf_counter()
    if out_dir.exists():
        shutil.rmtree(out_dir)
    (out_dir / "feeds").mkdir(parents=True)
    shutil.copyfile(source_corpus / "careers.toml", out_dir / "careers.toml")
    careers = load_careers(source_corpus / "careers.toml")
    prose = train_prose(source_corpus, careers)
    rng = random.Random(spec.seed)
    pick = _Picker(rng, careers)
    stats = CorpusStats(docs=spec.docs)
    feeds = out_dir / "feeds"
    (feeds / f"{FEED}.toml").write_text(PROGRAM_MAPPING, encoding="utf-8")
    (feeds / f"{ARTICLE_FEED}.toml").write_text(ARTICLE_MAPPING, encoding="utf-8")
    with (
        (feeds / f"{FEED}.jsonl").open("w", encoding="utf-8") as programs_out,
        (feeds / f"{ARTICLE_FEED}.jsonl").open("w", encoding="utf-8") as articles_out,
    ):
        for n in range(spec.docs):
            is_article = rng.random() < spec.article_share
            as_page = rng.random() < spec.html_share
            if is_article:
                stats.articles += 1
                row = _article(pick, prose, n)
                _emit(out_dir, stats, row, as_page, articles_out, is_article=True)
            else:
                stats.programs += 1
                row = _program(pick, prose, n)
                _emit(out_dir, stats, row, as_page, programs_out, is_article=False)
    stats.bytes = sum(p.stat().st_size for p in out_dir.rglob("*") if p.is_file())
    stats.seconds = round(time.perf_counter() - started, 2)
    return stats


def _emit(
    out_dir: Path,
    stats: CorpusStats,
    row: dict[str, Any],
    as_page: bool,
    feed: TextIO,
    *,
    is_article: bool,
) -> None:
    if not as_page:
        feed.write(json.dumps(row, ensure_ascii=False) + "\n")
        stats.feed_rows += 1
        return
    stats.html_pages += 1
    if is_article:
        relative = Path("articles") / f"{row['article_id']}.html"
        text = article_page(row)
    else:
        folder = (row["state"] or "online").lower()
        relative = Path("programs") / folder / f"{row['program_id']}.html"
        text = program_page(row)
        stats.program_pages.append(relative.as_posix())
    path = out_dir / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def change_page(path: Path, token: str) -> None:
    """Edit one program page the way an editor would: a new sentence carrying ``token``."""
    text = path.read_text(encoding="utf-8")
    marker = "</main>"
    addition = f"<p>Updated schedule: new cohort {token} starts next month.</p>\n"
    path.write_text(text.replace(marker, addition + marker, 1), encoding="utf-8")
