"""Read and check the facts table, ``corpus/facts/programs.csv``: one ``Program`` a row."""

from __future__ import annotations

import csv
from collections.abc import Collection
from pathlib import Path

from .model import MARKUPS, Program


def _int_or_none(text: str) -> int | None:
    text = text.strip()
    return int(text) if text else None


def read_programs(path: Path, careers: Collection[str], formats: Collection[str]) -> list[Program]:
    """Read and validate the facts table against the known careers and formats."""
    programs: list[Program] = []
    seen: set[str] = set()
    with path.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            prog = Program(
                id=row["id"].strip(),
                career=row["career"].strip(),
                title=row["title"].strip(),
                provider=row["provider"].strip(),
                street=row["street"].strip(),
                city=row["city"].strip(),
                state=row["state"].strip().upper(),
                zip=row["zip"].strip(),
                format=row["format"].strip(),
                cost=_int_or_none(row["cost_usd"]),
                hours=_int_or_none(row["hours"]),
                weeks=_int_or_none(row["weeks"]),
                credential=row["credential"].strip(),
                schedule=row["schedule"].strip(),
                markup=row["markup"].strip(),
            )
            problems = _problems(prog, seen, careers, formats)
            if problems:
                raise ValueError(f"{prog.id or '?'}: {'; '.join(problems)}")
            seen.add(prog.id)
            programs.append(prog)
    return programs


def _problems(
    prog: Program, seen: set[str], careers: Collection[str], formats: Collection[str]
) -> list[str]:
    problems: list[str] = []
    if prog.id in seen:
        problems.append("duplicate id")
    if not prog.id or any(c not in "abcdefghijklmnopqrstuvwxyz0123456789-" for c in prog.id):
        problems.append("id must be lowercase a-z, 0-9 and dashes")
    if prog.career not in careers:
        problems.append(f"unknown career {prog.career!r}")
    if prog.format not in formats:
        problems.append(f"unknown format {prog.format!r}")
    if prog.markup not in MARKUPS:
        problems.append(f"unknown markup {prog.markup!r}")
    if prog.hours is None and prog.weeks is None:
        problems.append("hours and weeks are both empty")
    if not prog.online and not (prog.city and prog.state):
        problems.append("in-person and hybrid rows need a city and state")
    return problems
