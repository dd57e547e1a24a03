"""No Python module over 400 lines without a reason written at its top.

A long module is usually two things sharing a file. One that has to be long says why in a
``# size: <reason>`` comment among its first 15 lines; this test names every other one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHECKED = ("indexer", "search_app", "scripts", "bench", "tests")
MAX_LINES = 400
REASON_WITHIN = 15
REASON = re.compile(r"^\s*#\s*size:\s*\S")


def python_files(root: Path, folders: Iterable[str] = CHECKED) -> list[Path]:
    """The .py files under ``folders``, leaving out hidden folders (bench/.work) and caches."""
    found: list[Path] = []
    for folder in folders:
        for path in sorted((root / folder).rglob("*.py")):
            parts = path.relative_to(root).parts
            if not any(p.startswith(".") or p == "__pycache__" for p in parts):
                found.append(path)
    return found


def has_size_reason(lines: list[str]) -> bool:
    return any(REASON.match(line) for line in lines[:REASON_WITHIN])


def oversized(paths: Iterable[Path], root: Path) -> list[str]:
    """``path: N lines`` for each file over the limit without a stated reason."""
    problems: list[str] = []
    for path in paths:
        lines = path.read_text(encoding="utf-8").splitlines()
        if len(lines) > MAX_LINES and not has_size_reason(lines):
            problems.append(f"{path.relative_to(root).as_posix()}: {len(lines)} lines")
    return problems


def test_no_module_is_over_400_lines_without_a_reason() -> None:
    files = python_files(ROOT)
    assert len(files) > 100  # the walk found the project, not an empty folder
    problems = oversized(files, ROOT)
    assert not problems, (
        f"over {MAX_LINES} lines with no '# size: <reason>' in the first {REASON_WITHIN} lines:\n"
        + "\n".join(problems)
    )


def _module(tmp_path: Path, name: str, head: list[str], total: int) -> Path:
    path = tmp_path / "pkg" / name
    path.parent.mkdir(exist_ok=True)
    body = [f"x{n} = {n}" for n in range(total - len(head))]
    path.write_text("\n".join([*head, *body]) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("head", "total", "flagged"),
    [
        ([], 400, False),
        ([], 401, True),
        (['"""Doc."""', "# size: one table the parser needs whole"], 900, False),
        (["#size:generated lookup table"], 401, False),
        (["# size:"], 401, True),
        (["# size:    "], 401, True),
        (["# sizes: not the marker"], 401, True),
        ([*(["# filler"] * 15), "# size: too far down to count"], 401, True),
        ([*(["# filler"] * 14), "# size: the last line that counts"], 401, False),
    ],
)
def test_the_rule(tmp_path: Path, head: list[str], total: int, flagged: bool) -> None:
    path = _module(tmp_path, "mod.py", head, total)
    problems = oversized(python_files(tmp_path, ["pkg"]), tmp_path)
    assert problems == ([f"pkg/mod.py: {total} lines"] if flagged else [])
    assert len(path.read_text(encoding="utf-8").splitlines()) == total


def test_hidden_folders_and_caches_are_not_checked(tmp_path: Path) -> None:
    _module(tmp_path, "kept.py", [], 5)
    for hidden in (".work", "__pycache__"):
        (tmp_path / "pkg" / hidden).mkdir()
        (tmp_path / "pkg" / hidden / "skip.py").write_text("x = 1\n" * 500, encoding="utf-8")
    assert [p.name for p in python_files(tmp_path, ["pkg"])] == ["kept.py"]
