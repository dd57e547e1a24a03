"""The embeddable widget: ``GET /widget.js`` (the ``<course-search>`` element) and ``GET /embed``
(the partners' page: the snippet, a live preview, a snippet builder and the theming variables)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html import escape
from pathlib import Path

from flask import Blueprint, Response, render_template, request, send_from_directory, url_for

from search_app.engines.base import IndexMissing
from search_app.hosts import public_base
from search_app.query import KINDS, MultiDictArgs, clean_text, parse_args
from search_app.search import service_of

bp = Blueprint("widget", __name__)

STATIC_DIR = Path(__file__).parent / "static"
DEFAULT_LIMIT = 5
MAX_LIMIT = 20
MAX_PLACEHOLDER = 100
REC_LIMIT = 3  # cards in the recommend example: enough to see, short enough to read past
KIND_LABELS = {"": "Programs and articles", "program": "Programs only", "article": "Articles only"}


@dataclass(frozen=True)
class ThemeVariable:
    name: str
    light: str
    dark: str
    themes: str


# The defaults also live in static/widget.css (a test keeps the two in step).
THEME_VARIABLES = (
    ThemeVariable("--cs-accent", "#0b5cad", "#8cc4ff", "result titles, links, focus ring, chips"),
    ThemeVariable("--cs-on-accent", "#fff", "#10151c", "text on the accent colour (chips, Retry)"),
    ThemeVariable("--cs-bg", "#fff", "#161b22", "background of the box and the results"),
    ThemeVariable("--cs-fg", "#1d2330", "#e8ecf2", "text"),
    ThemeVariable("--cs-muted", "#545d6e", "#a8b2c2", "secondary text, placeholder"),
    ThemeVariable("--cs-border", "#8a94a6", "#5d6879", "borders of the box and the results"),
    ThemeVariable("--cs-line", "#e3e7ee", "#2b3340", "separators between groups"),
    ThemeVariable("--cs-hover", "#eaf2fc", "#22314a", "background of the active result"),
    ThemeVariable("--cs-mark", "#fff1a8", "#5c4d00", "highlight of the words that matched"),
    ThemeVariable("--cs-font", "system-ui, sans-serif", "(same)", "font family"),
    ThemeVariable("--cs-radius", "10px", "(same)", "corner radius"),
    ThemeVariable("--cs-space", "8px", "(same)", "spacing unit"),
    ThemeVariable("--cs-z", "1000", "(same)", "z-index of the results popup"),
)


@bp.get("/widget.js")
def widget_js() -> Response:
    response = send_from_directory(STATIC_DIR, "widget.js", max_age=3600)
    response.headers["Content-Type"] = "text/javascript; charset=utf-8"
    response.headers["Cache-Control"] = "public, max-age=3600"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def embed_snippet(script_url: str, attributes: Iterable[tuple[str, str]], flag: str = "") -> str:
    """The HTML a partner pastes: the script tag and the element (attribute values escaped);
    ``flag`` is a bare attribute such as ``recommend``."""
    attrs = (f" {flag}" if flag else "") + "".join(
        f' {name}="{escape(value)}"' for name, value in attributes if value
    )
    return (
        f'<script src="{escape(script_url)}" async></script>\n'
        f"<course-search{attrs}></course-search>"
    )


def builder_choices(
    args: Mapping[str, str], careers: Iterable[str], locations: Iterable[str]
) -> list[tuple[str, str]]:
    """The builder's attributes from the request; unknown values are dropped, not errors."""
    career = args.get("career", "")
    location = args.get("location", "")
    kind = args.get("kind", "")
    placeholder = clean_text(args.get("placeholder", ""))[:MAX_PLACEHOLDER]
    limit_raw = args.get("limit", "").strip()
    limit = int(limit_raw) if limit_raw.isdigit() else DEFAULT_LIMIT
    limit = min(max(limit, 1), MAX_LIMIT)
    return [
        ("placeholder", placeholder),
        ("career", career if career in set(careers) else ""),
        ("location", location if location in set(locations) else ""),
        ("kind", kind if kind in KINDS else ""),
        ("limit", "" if limit == DEFAULT_LIMIT else str(limit)),
    ]


def facet_values() -> dict[str, list[tuple[str, int]]]:
    """Every career and location of the index with its document count, by name."""
    try:
        results = service_of().search(parse_args(MultiDictArgs({"per_page": "1"})))
    except IndexMissing:
        return {"career": [], "location": []}
    return {
        name: sorted(((f.value, f.count) for f in results.facets.get(name, [])), key=_by_name)
        for name in ("career", "location")
    }


def _by_name(item: tuple[str, int]) -> tuple[bool, str]:
    return (item[0] == "Online", item[0].casefold())


@bp.get("/embed")
def embed_page() -> Response:
    facets = facet_values()
    origin = public_base()
    script_url = origin + url_for("widget.widget_js")
    chosen = builder_choices(
        request.args,
        (v for v, _ in facets["career"]),
        (v for v, _ in facets["location"]),
    )
    # the recommend example shows the builder's career, or the index's most covered one
    biggest = max(facets["career"], key=lambda item: item[1], default=("", 0))[0]
    rec_career = dict(chosen)["career"] or biggest
    page = render_template(
        "embed.html",
        script_url=script_url,
        origin=origin,
        default_snippet=embed_snippet(
            script_url, [("placeholder", "Search careers and training programs")]
        ),
        snippet=embed_snippet(script_url, chosen),
        rec_career=rec_career,
        rec_snippet=embed_snippet(
            script_url, [("careers", rec_career), ("limit", str(REC_LIMIT))], flag="recommend"
        ),
        rec_limit=REC_LIMIT,
        chosen=dict(chosen),
        careers=facets["career"],
        locations=facets["location"],
        kind_labels=KIND_LABELS,
        default_limit=DEFAULT_LIMIT,
        max_limit=MAX_LIMIT,
        max_placeholder=MAX_PLACEHOLDER,
        theme_variables=THEME_VARIABLES,
    )
    response = Response(page, mimetype="text/html")
    # Facet values change with a reindex; a few minutes' staleness in a shared cache is harmless.
    response.headers["Cache-Control"] = "public, max-age=300"
    return response
