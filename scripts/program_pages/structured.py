"""A page's schema.org data: JSON-LD ``Course`` or ``EducationalOccupationalProgram``."""

from __future__ import annotations

import json

from .data import Material
from .model import Program, seeded

FORMATTED_PRICE_SHARE = 0.22  # like much of the real web, some pages give the price as text


def format_words(prog: Program, material: Material) -> dict[str, str]:
    """The row's format as ``label``, ``course_mode`` and ``program_mode`` (phrases.toml)."""
    return material.phrases.format_words(prog.format)


def postal_address(prog: Program) -> dict[str, str]:
    return {
        "@type": "PostalAddress",
        "streetAddress": prog.street,
        "addressLocality": prog.city,
        "addressRegion": prog.state,
        "postalCode": prog.zip,
        "addressCountry": "US",
    }


def jsonld_course(prog: Program, description: str, material: Material) -> dict[str, object]:
    course_mode = format_words(prog, material)["course_mode"]
    instance: dict[str, object] = {"@type": "CourseInstance", "courseMode": course_mode}
    if prog.hours is not None:
        instance["courseWorkload"] = f"PT{prog.hours}H"
    if prog.weeks is not None:
        instance["courseSchedule"] = {"@type": "Schedule", "duration": f"P{prog.weeks}W"}
    if not prog.online:
        instance["location"] = {
            "@type": "Place",
            "name": prog.provider,
            "address": postal_address(prog),
        }
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "Course",
        "name": prog.title,
        "description": description,
        "provider": {"@type": "Organization", "name": prog.provider},
        "about": {"@type": "Occupation", "name": prog.career},
    }
    if prog.credential:
        data["educationalCredentialAwarded"] = prog.credential
    if prog.cost is not None:
        data["offers"] = {
            "@type": "Offer",
            "price": prog.cost,
            "priceCurrency": "USD",
            "category": "Tuition",
        }
    data["hasCourseInstance"] = instance
    return data


def jsonld_program(prog: Program, description: str, material: Material) -> dict[str, object]:
    rng = seeded(prog.id, "price")
    provider: dict[str, object] = {"@type": "EducationalOrganization", "name": prog.provider}
    if not prog.online:
        provider["address"] = postal_address(prog)
    category: dict[str, object] = {"@type": "CategoryCode", "name": prog.career}
    soc = material.careers[prog.career].soc
    if soc:
        category["codeValue"] = soc
        category["inCodeSet"] = "https://www.bls.gov/soc/2018/"
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "EducationalOccupationalProgram",
        "name": prog.title,
        "description": description,
        "provider": provider,
        "occupationalCategory": category,
    }
    if prog.weeks is not None:
        data["timeToComplete"] = f"P{prog.weeks}W"
    data["educationalProgramMode"] = format_words(prog, material)["program_mode"]
    if prog.cost is not None:
        formatted = rng.random() < FORMATTED_PRICE_SHARE
        price: int | str = f"{prog.cost:,.2f}" if formatted else prog.cost
        data["offers"] = {"@type": "Offer", "price": price, "priceCurrency": "USD"}
    if prog.credential:
        data["occupationalCredentialAwarded"] = prog.credential
    return data


JSON_LD = {"jsonld-course": jsonld_course, "jsonld-program": jsonld_program}


def json_ld_text(prog: Program, description: str, material: Material) -> str | None:
    """The page's JSON-LD, indented, safe inside a script element; None for other markups."""
    build = JSON_LD.get(prog.markup)
    if build is None:
        return None
    text = json.dumps(build(prog, description, material), ensure_ascii=False, indent=2)
    return text.replace("</", "<\\/")
