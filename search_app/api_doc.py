"""The README's tables of the API's parameters, made from their declaration (the same
:class:`~search_app.params.Param` tables the parser and the OpenAPI document read).
``course-search api-params --write`` rewrites them; a test fails when they differ."""

from __future__ import annotations

from pathlib import Path

from search_app.insights_web import CLICK_FIELDS, CLICK_PATH
from search_app.match import MATCH_PARAMS
from search_app.openapi import OPERATIONS
from search_app.params import markdown_table
from search_app.query import SEARCH_PARAMS

BEGIN = "<!-- api-params: made by `course-search api-params --write` from the declarations -->"
END = "<!-- api-params: end -->"
# The pages that read the same declaration (with the same parser) as an API operation.
PAGES = {"/api/v1/search": ("/search", SEARCH_PARAMS), "/api/v1/match": ("/match", MATCH_PARAMS)}


def tables() -> str:
    """Each endpoint's parameters as a Markdown table, under a line naming the endpoint."""
    parts = []
    for op in OPERATIONS:
        if not op.params:
            continue
        page = ""
        if op.path in PAGES:
            path, read = PAGES[op.path]
            others = ", ".join(f"`{p.name}`" for p in op.params if p not in read)
            page = f" and the page `GET {path}`" + (f" (all but {others})" if others else "")
        parts.append(f"**`GET {op.path}`**{page}:\n\n{markdown_table(op.params)}")
    body = markdown_table(CLICK_FIELDS)
    parts.append(f"**`POST {CLICK_PATH}`**, form fields (the query log's beacon):\n\n{body}")
    return "\n\n".join(parts)


def spliced(readme: str) -> str:
    """``readme`` with the text between the markers replaced by :func:`tables`."""
    head, begin, rest = readme.partition(BEGIN)
    _, end, tail = rest.partition(END)
    if not begin or not end:
        raise ValueError(f"the README has no {BEGIN!r} … {END!r} block")
    return f"{head}{BEGIN}\n{tables()}\n{END}{tail}"


def write(readme: Path) -> bool:
    """Rewrite the tables in ``readme``; whether anything changed."""
    text = readme.read_text(encoding="utf-8")
    new = spliced(text)
    if new != text:
        readme.write_text(new, encoding="utf-8")
    return new != text
