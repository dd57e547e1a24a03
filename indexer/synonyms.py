"""Synonyms editors own: ``synonyms.toml`` beside ``careers.toml``.

Four kinds, all read at index time (a changed file forces a full rebuild through the taxonomy's
fingerprint) and kept with the generation, so queries are read with the same file:

- ``[[synonyms]] words = [...]``: two-way; each word or phrase finds documents with any of them.
- ``[[one_way]] from = "..." to = [...]``: searching ``from`` also finds documents with the words
  in ``to``; searching those does not find ``from``.
- ``[abbreviations] cpr = "cardiopulmonary resuscitation"``: the short and the long form find
  each other.
- ``[careers] "Phlebotomy Technician" = ["blood draw tech"]``: more aliases for a career of
  ``careers.toml``; they act exactly as its own aliases (career facet, query understanding).

Word synonyms are applied to documents, not queries: a document that says ``lvn`` is also indexed
under ``lpn`` (in the career-terms field), so every engine and every query path benefits alike.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from indexer.taxonomy import Taxonomy, fold, load_taxonomy

FILE = "synonyms.toml"
MAX_PHRASE_CHARS = 80
MAX_RULES = 5_000
_KNOWN = ("synonyms", "one_way", "abbreviations", "careers")
_TOML_LINE = re.compile(r"\(at line (\d+), column \d+\)")


class SynonymsError(ValueError):
    """A synonyms file that cannot be used; the message names the file and the line."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        where = f"{path} line {line}" if line else path
        super().__init__(f"{where}: {message}")
        self.path = path
        self.line = line
        self.message = message


@dataclass
class Synonyms:
    """What a document saying a phrase (folded) is also indexed under, and career aliases."""

    expands: dict[str, set[str]] = field(default_factory=dict)
    career_aliases: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        phrases = sorted(self.expands, key=len, reverse=True)
        alternation = "|".join(re.escape(p) for p in phrases)
        self._pattern = (
            re.compile(rf"(?<![0-9a-z])(?:{alternation})(?![0-9a-z])") if phrases else None
        )

    def __bool__(self) -> bool:
        return bool(self.expands or self.career_aliases)

    def expansions(self, *texts: str) -> list[str]:
        """The phrases a document with ``texts`` is also indexed under (not those it has)."""
        if self._pattern is None:
            return []
        found: set[str] = set()
        for text in texts:
            found.update(m.group(0) for m in self._pattern.finditer(fold(text)))
        extra = {target for phrase in found for target in self.expands[phrase]}
        return sorted(extra - found)


def parse_synonyms(raw: bytes, path: str, career_names: set[str]) -> Synonyms:
    """The rules of a ``synonyms.toml``; :class:`SynonymsError` says what is wrong and where."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SynonymsError(path, line, "not valid UTF-8") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_LINE.search(str(exc))
        line = int(found.group(1)) if found else text.count("\n") + 1  # "at end of document"
        message = re.sub(r"\s*\((at line \d+, column \d+|at end of document)\)", "", str(exc))
        raise SynonymsError(path, line, f"not valid TOML: {message}") from None
    lines = text.splitlines()
    reader = _Reader(path, lines)
    for key in data:
        if key not in _KNOWN:
            raise SynonymsError(
                path, reader.line_of(key), f"unknown section {key!r} (known: {', '.join(_KNOWN)})"
            )
    result = Synonyms()
    rules = 0
    for n, entry in enumerate(_tables(data, "synonyms", reader)):
        words = reader.phrases(entry.get("words"), f"[[synonyms]] #{n + 1} words", minimum=2)
        reader.only(entry, ("words",), "[[synonyms]]")
        for word in words:
            _add(result, word, set(words) - {word})
        rules += 1
    for n, entry in enumerate(_tables(data, "one_way", reader)):
        name = f"[[one_way]] #{n + 1}"
        reader.only(entry, ("from", "to"), "[[one_way]]")
        source = reader.phrases([entry.get("from")], f"{name} from", minimum=1)[0]
        for target in reader.phrases(entry.get("to"), f"{name} to", minimum=1):
            if target != source:
                _add(result, target, {source})
        rules += 1
    abbreviations = data.get("abbreviations", {})
    if not isinstance(abbreviations, dict):
        raise SynonymsError(path, reader.line_of("abbreviations"), "[abbreviations] is a table")
    for short, long in abbreviations.items():
        pair = reader.phrases([short, long], f"abbreviation {short!r}", minimum=2)
        _add(result, pair[0], {pair[1]})
        _add(result, pair[1], {pair[0]})
        rules += 1
    careers = data.get("careers", {})
    if not isinstance(careers, dict):
        raise SynonymsError(path, reader.line_of("careers"), "[careers] is a table")
    for name, aliases in careers.items():
        if name not in career_names:
            raise SynonymsError(
                path, reader.line_of(name), f"career {name!r} is not in careers.toml"
            )
        result.career_aliases[name] = reader.phrases(aliases, f"career {name!r}", minimum=1)
        rules += 1
    if rules > MAX_RULES:
        raise SynonymsError(path, None, f"more than {MAX_RULES} rules")
    result.__post_init__()
    return result


def with_synonyms(taxonomy: Taxonomy, raw: bytes, path: str) -> Taxonomy:
    """``taxonomy`` with the synonyms file's career aliases and word rules; its fingerprint
    covers both files, so a changed synonyms file makes the next build a full one."""
    synonyms = parse_synonyms(raw, path, set(taxonomy.names))
    careers = [
        dataclasses.replace(
            c,
            aliases=(
                *c.aliases,
                *(a for a in synonyms.career_aliases.get(c.name, []) if a not in c.aliases),
            ),
        )
        for c in taxonomy.careers
    ]
    digest = hashlib.sha256(f"{taxonomy.fingerprint}\n{FILE}\n".encode() + raw).hexdigest()
    return Taxonomy(careers=careers, fingerprint=digest, synonyms=synonyms)


def load_taxonomy_with_synonyms(careers_toml: Path | None) -> Taxonomy:
    """The taxonomy of a ``careers.toml`` and of the ``synonyms.toml`` beside it, if any."""
    taxonomy = load_taxonomy(careers_toml)
    if careers_toml is None:
        return taxonomy
    path = careers_toml.parent / FILE
    if not path.is_file():
        return taxonomy
    return with_synonyms(taxonomy, path.read_bytes(), str(path))


def _add(result: Synonyms, phrase: str, targets: set[str]) -> None:
    result.expands.setdefault(phrase, set()).update(targets - {phrase})


def _tables(data: dict[str, Any], key: str, reader: _Reader) -> list[dict[str, Any]]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise SynonymsError(reader.path, reader.line_of(key), f"write it as [[{key}]] tables")
    return value


class _Reader:
    """Checks values and finds the line a value or key is on (TOML keeps no positions)."""

    def __init__(self, path: str, lines: list[str]) -> None:
        self.path = path
        self.lines = lines

    def line_of(self, needle: object) -> int | None:
        text = str(needle)
        for n, line in enumerate(self.lines, start=1):
            if text and text in line.split("#", 1)[0]:
                return n
        return None

    def only(self, entry: dict[str, Any], keys: tuple[str, ...], name: str) -> None:
        for key in entry:
            if key not in keys:
                raise SynonymsError(
                    self.path,
                    self.line_of(key),
                    f"{name} takes {' and '.join(keys)}, not {key!r}",
                )

    def phrases(self, value: object, name: str, minimum: int) -> list[str]:
        if not isinstance(value, list) or any(not isinstance(v, str) for v in value):
            raise SynonymsError(
                self.path,
                self.line_of(name.split()[-1]) or self.line_of(name.split()[0]),
                f"{name}: missing, or not text",
            )
        out: list[str] = []
        for raw in value:
            phrase = fold(raw)
            if not phrase:
                raise SynonymsError(
                    self.path,
                    self.line_of(f'"{raw}"') or self.line_of(name),
                    f"{name}: {raw!r} has no letters or digits",
                )
            if len(raw) > MAX_PHRASE_CHARS:
                raise SynonymsError(
                    self.path, self.line_of(raw), f"{name}: longer than {MAX_PHRASE_CHARS}"
                )
            if phrase not in out:
                out.append(phrase)
        if len(out) < minimum:
            raise SynonymsError(
                self.path,
                self.line_of(value[0]) if value else None,
                f"{name}: needs at least {minimum} different words",
            )
        return out
