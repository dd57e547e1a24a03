"""Fill the page templates (``templates/*.html.j2``, Jinja2) for one program."""

from __future__ import annotations

import random
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from .data import Material
from .model import GENERATOR, Program, seeded
from .prose import compose_prose, meta_description
from .structured import format_words, json_ld_text
from .text import esc, length_text, money

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


def _escape(value: object) -> object:
    """Escape every printed value with ``html.escape``, as the pages always were.

    Jinja2's own escaping writes quotes as ``&#34;``/``&#39;``; html.escape writes ``&quot;`` and
    ``&#x27;``. Escaping here, before autoescape sees the value, keeps the shipped bytes.
    """
    return value if isinstance(value, Markup) else Markup(esc(str(value)))  # noqa: S704 (escaped)


@cache
def environment(templates: Path = TEMPLATES_DIR) -> Environment:
    return Environment(
        loader=FileSystemLoader(templates),
        autoescape=True,
        finalize=_escape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def facts_rows(
    prog: Program, material: Material, rng: random.Random | None = None
) -> list[tuple[str, str]]:
    """Label/value pairs for the visible facts; labels vary a little when rng is given."""

    def label(key: str) -> str:
        options = material.phrases.options("labels", key)
        return str(rng.choice(options) if rng is not None and len(options) > 1 else options[0])

    rows = [
        (label("provider"), prog.provider),
        (label("location"), prog.place),
    ]
    if prog.address:
        rows.append((label("address"), prog.address))
    rows += [
        (label("cost"), cost_text(prog, material)),
        (label("length"), length_text(prog)),
        (label("format"), format_words(prog, material)["label"]),
    ]
    if prog.credential:
        rows.append((label("credential"), prog.credential))
    if prog.schedule:
        rows.append((label("schedule"), prog.schedule))
    return rows


def cost_text(prog: Program, material: Material) -> str:
    if prog.cost is None:
        return material.phrases.text("facts", "no_cost")
    return money(prog.cost)


def render_page(prog: Program, material: Material) -> str:
    """Return the full HTML document for one program."""
    prose = compose_prose(prog, material)
    json_ld = json_ld_text(prog, " ".join(prose[:2]), material)
    # JSON text for a script element: json_ld_text has already written "</" as "<\\/".
    script = Markup(json_ld) if json_ld is not None else None  # noqa: S704
    labels_rng = seeded(prog.id, "labels") if prog.markup == "none" else None
    return (
        environment()
        .get_template("page.html.j2")
        .render(
            prog=prog,
            generator=GENERATOR,
            description=meta_description(prog, material),
            json_ld=script,
            prose=prose,
            facts=facts_rows(prog, material, labels_rng),
            format=format_words(prog, material),
            length=length_text(prog),
            cost=cost_text(prog, material),
            note=material.phrases.note(prog.state),
        )
    )
