"""The API's parameters, declared once. Each endpoint has a table of :class:`Param` beside the
dataclass it fills (``query.SEARCH_PARAMS``, ``recommend.RECOMMEND_PARAMS``, …); from that one
table :func:`parse` reads a request (every bad value is a :class:`QueryError` naming it, the 400),
:func:`openapi_parameters` writes the OpenAPI description and :func:`markdown_table` the README's.

Rules between parameters (``page × per_page``, ``radius`` needs ``near``) are checked by the
endpoint after :func:`parse`, with :func:`check_depth` and :func:`check_needs`; the tables say
them in words."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

MAX_VALUES = 20
MAX_VALUE_CHARS = 120
FLAGS = ("0", "1", "true", "false")


class QueryError(ValueError):
    def __init__(self, param: str, message: str) -> None:
        super().__init__(f"{param}: {message}")
        self.param = param
        self.message = message


class Args(Protocol):
    def getlist(self, key: str) -> list[str]: ...


@dataclass(frozen=True)
class Param:
    """One parameter. ``kind``: ``text`` (one value, cleaned), ``int`` (a whole number from
    ``low`` to ``high``), ``flag`` (0/1/true/false -> bool) or ``list`` (repeatable, cleaned,
    duplicates dropped, at most MAX_VALUES)."""

    name: str
    help: str
    kind: Literal["text", "int", "flag", "list"] = "text"
    default: Any = None
    low: int = 1
    high: int = 0
    chars: int = MAX_VALUE_CHARS  # text and list: characters per value, judged as sent
    cut: bool = False  # text: a longer value is cut to ``chars`` rather than refused
    choices: tuple[str, ...] = ()
    split: str = ""  # list: one value may hold several, separated by this
    read: Callable[[str], Any] | None = None  # text: the value kept; None means refused
    refused: str = ""  # the message when ``read`` refuses
    clean: bool = True  # text: control characters, repeated spaces out, NFC
    required: bool = False
    field: str = ""  # the name of the dataclass attribute, when not ``name``
    schema: Mapping[str, Any] | None = None  # OpenAPI schema, when the kind's is not right

    @property
    def attr(self) -> str:
        return self.field or self.name


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SPACES = re.compile(r"\s+")
_WHOLE = re.compile(r"[+-]?\d{1,9}")
_DROPPED = frozenset(("Cs", "Co", "Cn"))


def clean_text(value: str) -> str:
    value = unicodedata.normalize("NFC", _CONTROL.sub(" ", value))
    if not value.isascii():
        value = "".join(ch for ch in value if unicodedata.category(ch) not in _DROPPED)
    return _SPACES.sub(" ", value).strip()


def _one(args: Args, name: str) -> str | None:
    values = args.getlist(name)
    if not values:
        return None
    if len(values) > 1:
        raise QueryError(name, "give it once")
    return values[0]


def _text(args: Args, p: Param) -> Any:
    raw = _one(args, p.name)
    if raw is None:
        if p.required:
            raise QueryError(p.name, "required")
        return p.default
    if len(raw) > p.chars and not p.cut:
        raise QueryError(p.name, f"at most {p.chars} characters")
    value = (clean_text(raw) if p.clean else raw)[: p.chars]
    if p.choices:
        value = value or p.default
        if value not in p.choices:
            raise QueryError(p.name, f"must be one of {', '.join(p.choices)}")
    if not value:
        return p.default
    if p.read is not None:
        read = p.read(value)
        if read is None:
            raise QueryError(p.name, p.refused)
        return read
    return value


def _int(args: Args, p: Param) -> Any:
    raw = _one(args, p.name)
    if raw is None or not raw.strip():
        if p.required:
            raise QueryError(p.name, "required")
        return p.default
    if not _WHOLE.fullmatch(raw.strip()):
        raise QueryError(p.name, "must be a whole number")
    value = int(raw)
    if not p.low <= value <= p.high:
        raise QueryError(p.name, f"must be between {p.low} and {p.high}")
    return value


def _flag(args: Args, p: Param) -> bool:
    raw = (_one(args, p.name) or "0").strip().lower()
    if raw not in FLAGS and raw:
        raise QueryError(p.name, "must be 0 or 1")
    return raw in ("1", "true")


def _list(args: Args, p: Param) -> tuple[str, ...]:
    raw = args.getlist(p.name)
    if not raw:
        return ()
    if len(raw) > MAX_VALUES:
        raise QueryError(p.name, f"at most {MAX_VALUES} values")
    if any(len(v) > p.chars for v in raw):
        raise QueryError(p.name, f"a value may have at most {p.chars} characters")
    if p.split:
        raw = [part for v in raw for part in v.split(p.split)]
    # Length is judged as sent; cleaning (NFC) may not push an accepted value over it.
    out: list[str] = []
    for value in (clean_text(v)[: p.chars] for v in raw):
        if not value or value in out:
            continue
        if p.choices and value not in p.choices:
            raise QueryError(p.name, f"must be one of {', '.join(p.choices)}")
        out.append(value)
    if len(out) > MAX_VALUES:
        raise QueryError(p.name, f"at most {MAX_VALUES} values")
    return tuple(out)


_READERS: dict[str, Callable[[Args, Param], Any]] = {
    "text": _text,
    "int": _int,
    "flag": _flag,
    "list": _list,
}


def parse(args: Args, params: Sequence[Param]) -> dict[str, Any]:
    """Each parameter's value by attribute name, in the table's order; the first bad one is a
    QueryError naming it. Parameters not in the table are ignored."""
    return {p.attr: _READERS[p.kind](args, p) for p in params}


def given(args: Args, name: str) -> bool:
    """Whether the request gives ``name`` a value that is not blank."""
    return any(v.strip() for v in args.getlist(name))


def check_depth(page: int, per_page: int, depth: int) -> None:
    """``page × per_page`` may be at most ``depth``: deep paging is bounded work."""
    if page > depth // per_page:
        raise QueryError("page", f"must be between 1 and {depth // per_page}")


def check_needs(args: Args, name: str, value: object, needed: str, example: str) -> None:
    """``name`` given with ``needed`` missing (its value ``value`` empty) is an error."""
    if given(args, name) and not value:
        raise QueryError(name, f"needs {needed} ({example})")


class MultiDictArgs:
    """``getlist`` over a plain mapping, for callers outside a request (the CLI, tests)."""

    def __init__(self, values: Mapping[str, str | Sequence[str]]) -> None:
        self._values = values

    def getlist(self, key: str) -> list[str]:
        value = self._values.get(key)
        if value is None:
            return []
        return [value] if isinstance(value, str) else list(value)


# The OpenAPI description and the README's table, from the same Params.


def _value_schema(p: Param) -> dict[str, Any]:
    if p.kind == "int":
        return {"type": "integer", "minimum": p.low, "maximum": p.high}
    if p.kind == "flag":
        return {"type": "string", "enum": list(FLAGS)}
    if p.choices:
        return {"type": "string", "enum": list(p.choices)}
    return {"type": "string", "maxLength": p.chars}


def openapi_parameters(params: Sequence[Param]) -> list[dict[str, Any]]:
    """The OpenAPI 3.0 ``parameters`` of an operation (all in the query string)."""
    out = []
    for p in params:
        schema = dict(p.schema) if p.schema is not None else _value_schema(p)
        if p.kind == "list":
            schema = {"type": "array", "items": schema, "maxItems": MAX_VALUES}
        elif p.kind == "int" or p.choices:
            schema.update({} if p.default is None else {"default": p.default})
        param = {
            "name": p.name,
            "in": "query",
            "required": p.required,
            "description": p.help,
            "schema": schema,
        }
        if p.kind == "list":
            param.update(style="form", explode=True)
        out.append(param)
    return out


def _value_words(p: Param) -> str:
    if p.kind == "int":
        return f"whole number, {p.low:,}–{p.high:,}"
    if p.kind == "flag":
        return "`0` or `1`"
    if p.choices:
        words = ", ".join(f"`{c}`" for c in p.choices)
    else:
        words = f"text, ≤ {p.chars} characters" + (" (longer is cut)" if p.cut else "")
    return words + (f"; repeatable (≤ {MAX_VALUES})" if p.kind == "list" else "")


def markdown_table(params: Sequence[Param]) -> str:
    """A Markdown table: parameter, values, default, meaning."""
    rows = ["| parameter | values | default | meaning |", "|---|---|---|---|"]
    for p in params:
        default = "" if p.default in (None, "", ()) or p.kind == "flag" else f"`{p.default}`"
        default = "required" if p.required else "`0`" if p.kind == "flag" else default
        meaning = p.help.replace("|", "\\|").replace("\n", " ")
        rows.append(f"| `{p.name}` | {_value_words(p)} | {default} | {meaning} |")
    return "\n".join(rows)
