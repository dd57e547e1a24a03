"""The program-page generator writes from data: an edit to its TOML files is an edit to the pages.

``tests/test_corpus.py`` holds the shipped pages to what the generator renders; these tests hold
the generator to its data files, and to the errors it gives for data that does not fit.
"""

from __future__ import annotations

import csv
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FACTS = ROOT / "corpus" / "facts" / "programs.csv"
if str(ROOT / "scripts") not in sys.path:  # scripts/ is not an installed package
    sys.path.insert(0, str(ROOT / "scripts"))

from program_pages.data import DATA_DIR, load_material  # noqa: E402
from program_pages.facts import read_programs  # noqa: E402
from program_pages.render import render_page  # noqa: E402


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A copy of the generator's data files, to edit."""
    return Path(shutil.copytree(DATA_DIR, tmp_path / "data"))


def shipped(prog_folder: str, prog_id: str) -> str:
    return (ROOT / "corpus" / "programs" / prog_folder / f"{prog_id}.html").read_text("utf-8")


def test_an_edited_phrase_changes_the_page_there_only(data: Path) -> None:
    phrases = data / "phrases.toml"
    note = "the provider is fictional"
    phrases.write_text(phrases.read_text("utf-8").replace(note, "the provider is made up"), "utf-8")
    material = load_material(data)
    programs = read_programs(FACTS, material.careers, material.formats)
    prog = next(p for p in programs if p.state == "TX" and p.markup == "microdata")
    page = render_page(prog, material)
    before = shipped(prog.folder, prog.id)
    assert before.count(note) == 1
    assert page == before.replace(note, "the provider is made up")


def test_the_shipped_data_renders_the_shipped_page() -> None:
    material = load_material()
    programs = read_programs(FACTS, material.careers, material.formats)
    for prog in programs[:: len(programs) // 12]:
        assert render_page(prog, material) == shipped(prog.folder, prog.id), prog.id


def test_a_career_whose_sector_has_no_phrases_is_refused(data: Path) -> None:
    careers = data / "careers.toml"
    text = careers.read_text("utf-8")
    careers.write_text(text.replace('sector = "driving"', 'sector = "aviation"', 1), "utf-8")
    with pytest.raises(ValueError, match="no audience phrases for sector 'aviation'"):
        load_material(data)


def test_a_career_missing_its_topics_is_refused(data: Path) -> None:
    careers = data / "careers.toml"
    careers.write_text(careers.read_text("utf-8").replace("topics = [", "themes = [", 1), "utf-8")
    with pytest.raises(ValueError, match=r"unknown \['themes'\], missing \['topics'\]"):
        load_material(data)


def test_a_row_naming_an_unknown_career_or_format_is_refused(tmp_path: Path) -> None:
    material = load_material()
    with FACTS.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        row = {**next(reader), "career": "Astronaut", "format": "by post"}
    facts = tmp_path / "programs.csv"
    with facts.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(row))
        writer.writeheader()
        writer.writerow(row)
    with pytest.raises(ValueError, match="unknown career 'Astronaut'; unknown format 'by post'"):
        read_programs(facts, material.careers, material.formats)
