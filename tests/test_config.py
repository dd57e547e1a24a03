"""Every setting is documented where users look for it."""

from __future__ import annotations

from pathlib import Path

from search_app.config import SETTINGS, defaults

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_in_the_readme():
    missing = [s.env for s in SETTINGS if f"`{s.env}`" not in README]
    assert missing == []


def test_settings_come_from_the_environment():
    values = defaults({"COURSE_SEARCH_INDEX": "/srv/index"})
    assert values["INDEX_DIR"] == "/srv/index"
    assert values["ALLOWED_ORIGINS"] == "*"


def test_quick_start_is_exactly_two_commands():
    block = README.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert commands == ["make serve", "make test"]
