"""Corpus pages written as HTML strings, the way providers and editors publish them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


def program_page(
    title: str,
    *,
    career: str,
    provider: str,
    city: str | None,
    state: str | None,
    cost: int | str | None,
    weeks: int | None = None,
    mode: str = "onsite",
    body: str = "",
) -> str:
    """A program page with schema.org Course JSON-LD, as providers publish them."""
    instance: dict[str, object] = {"@type": "CourseInstance", "courseMode": mode}
    if weeks:
        instance["courseSchedule"] = {"@type": "Schedule", "duration": f"P{weeks}W"}
    if city:
        instance["location"] = {
            "@type": "Place",
            "address": {"@type": "PostalAddress", "addressLocality": city, "addressRegion": state},
        }
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "Course",
        "name": title,
        "description": f"{title} at {provider}.",
        "provider": {"@type": "Organization", "name": provider},
        "about": {"@type": "Occupation", "name": career},
        "hasCourseInstance": instance,
    }
    if cost is not None:
        data["offers"] = {"@type": "Offer", "price": cost, "priceCurrency": "USD"}
    ld = json.dumps(data).replace("</", "<\\/")
    return (
        f'<!doctype html><html><head><meta charset="utf-8"><title>{title}</title>'
        f'<script type="application/ld+json">{ld}</script></head>'
        f"<body><main><h1>{title}</h1><p>{body or title + ' training.'}</p></main></body></html>"
    )


def article_page(headline: str, about: list[str], body: str) -> str:
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": headline,
        "description": body[:120],
        "datePublished": "2026-05-01",
        "about": [{"@type": "Occupation", "name": a} for a in about],
    }
    return (
        f'<!doctype html><html><head><meta charset="utf-8"><title>{headline}</title>'
        f'<script type="application/ld+json">{json.dumps(data)}</script></head>'
        f"<body><main><article><h1>{headline}</h1><p>{body}</p></article></main></body></html>"
    )


SMALL_PROGRAMS = {
    "tx/houston-phlebotomy": dict(
        title="Phlebotomy Technician Certificate",
        career="Phlebotomy Technician",
        provider="Gulf Coast Health Institute",
        city="Houston",
        state="TX",
        cost=950,
        weeks=6,
        body="Venipuncture and capillary draws, 40 supervised blood draws, exam preparation.",
    ),
    "tx/dallas-phlebotomy": dict(
        title="Phlebotomy Essentials",
        career="Phlebotomy Technician",
        provider="North Texas Career College",
        city="Dallas",
        state="Texas",
        cost="1,250.00",
        weeks=8,
        body="Blood collection, specimen handling and a clinical externship.",
    ),
    "tx/houston-cna": dict(
        title="Certified Nurse Aide Training",
        career="CNA",
        provider="Bayou Nursing School",
        city="Houston",
        state="TX",
        cost=700,
        weeks=4,
        body="Patient care skills, vital signs and the state competency exam.",
    ),
    "nj/newark-pharmacy": dict(
        title="Pharmacy Technician Program",
        career="pharmacy tech",
        provider="Garden State Allied Health",
        city="Newark",
        state="NJ",
        cost=2400,
        weeks=16,
        body="Dispensing, compounding, pharmacy law and PTCB exam review.",
    ),
    "online/pharmacy-online": dict(
        title="Online Pharmacy Technician Course",
        career="Pharmacy Technician",
        provider="Remote Learning Academy",
        city=None,
        state=None,
        cost=1100,
        weeks=20,
        mode="online",
        body="Self-paced pharmacy technician lessons with a virtual lab.",
    ),
}

SMALL_ARTICLES = {
    "pharmacy-technician-vs-pals-provider": (
        "Pharmacy Technician vs PALS Provider",
        ["Pharmacy Technician", "PALS Provider"],
        "A pharmacy technician fills prescriptions; a PALS provider holds a pediatric life support "
        "certification. Compare duties, training, pay and outlook.",
    ),
    "how-to-become-a-phlebotomy-technician": (
        "How to become a phlebotomy technician",
        ["Phlebotomy Technician"],
        "Phlebotomy training takes weeks, not years: a certificate program, supervised draws and "
        "a national exam.",
    ),
}


def write_small_corpus(root: Path) -> Path:
    """The small test corpus: our real taxonomy, five programs, two articles."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(CORPUS / "careers.toml", root / "careers.toml")
    for name, spec in SMALL_PROGRAMS.items():
        path = root / "programs" / f"{name}.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        title = str(spec["title"])
        kwargs = {k: v for k, v in spec.items() if k != "title"}
        path.write_text(program_page(title, **kwargs), encoding="utf-8")  # type: ignore[arg-type]
    for name, (headline, about, body) in SMALL_ARTICLES.items():
        path = root / "articles" / f"{name}.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(article_page(headline, about, body), encoding="utf-8")
    return root
