"""synonyms.toml: editors teach the engine words; a reindex picks the file up; a bad file is a
clear error naming its line and leaves the index serving."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer import generations
from indexer.models import BuildReport
from indexer.synonyms import SynonymsError, parse_synonyms
from search_app import create_app
from search_app.cli import main


def search(index_dir: Path, q: str) -> dict[str, object]:
    app = create_app({"INDEX_DIR": str(index_dir), "TESTING": True, "QUERY_LOG": "off"})
    response = app.test_client().get("/api/v1/search", query_string={"q": q})
    assert response.status_code == 200
    data: dict[str, object] = response.get_json()
    app.extensions["search"].close()
    return data


def titles(data: dict[str, object]) -> list[str]:
    return [str(r["title"]) for r in data["results"]]  # type: ignore[attr-defined,index]


def test_a_one_way_synonym_changes_results_after_a_reindex(
    small_index: Path, index_dir: Path, build_index: Callable[..., BuildReport]
) -> None:
    before = search(index_dir, "apothecary")
    assert not any("Pharmacy" in t for t in titles(before)) or before["relaxed"]
    (small_index / "synonyms.toml").write_text(
        '[[one_way]]\nfrom = "apothecary"\nto = ["pharmacy"]\n', encoding="utf-8"
    )
    report = build_index(small_index)  # incremental by default: the file forces a full build
    assert report.ok and report.full
    after = search(index_dir, "apothecary")
    assert after["relaxed"] == [] and after["suggestion"] is None
    assert "Pharmacy Technician Program" in titles(after)
    assert "Online Pharmacy Technician Course" in titles(after)
    # one way: "pharmacy" does not now find documents that only say "apothecary" (none do),
    # and its results are what they were.
    assert search(index_dir, "pharmacy")["total"] == after["total"]


def test_two_way_synonyms_and_abbreviations_find_each_other(
    small_index: Path, index_dir: Path, build_index: Callable[..., BuildReport]
) -> None:
    (small_index / "synonyms.toml").write_text(
        '[[synonyms]]\nwords = ["compounding", "drug mixing"]\n\n'
        '[abbreviations]\nvitals = "vital signs"\n',
        encoding="utf-8",
    )
    assert build_index(small_index).ok
    mixing = search(index_dir, "drug mixing")
    assert titles(mixing)[:1] == ["Pharmacy Technician Program"] and mixing["relaxed"] == []
    vitals = search(index_dir, "vitals")
    assert vitals["relaxed"] == [] and vitals["total"] >= 1


def test_a_career_alias_is_read_as_the_career(
    small_index: Path, index_dir: Path, build_index: Callable[..., BuildReport]
) -> None:
    assert search(index_dir, "script filler")["interpreted"]["careers"] == []  # type: ignore[index]
    (small_index / "synonyms.toml").write_text(
        '[careers]\n"Pharmacy Technician" = ["script filler"]\n', encoding="utf-8"
    )
    assert build_index(small_index).ok
    data = search(index_dir, "script filler")
    assert data["interpreted"]["careers"] == ["Pharmacy Technician"]  # type: ignore[index]
    assert "Pharmacy Technician Program" in titles(data)


def test_a_malformed_file_names_its_line_and_leaves_the_index_serving(
    small_index: Path, index_dir: Path
) -> None:
    served = generations.current(index_dir)
    assert served is not None
    path = small_index / "synonyms.toml"
    path.write_text(
        '# ok so far\n[[synonyms]]\nwords = ["lpn", "lvn"]\n\n[[synonyms]]\nwords = ["cna"]\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        main, ["index", "--corpus", str(small_index), "--index", str(index_dir)]
    )
    assert result.exit_code == 1
    assert f"error: {path} line 6: [[synonyms]] #2 words: needs at least 2" in result.output
    now = generations.current(index_dir)
    assert now is not None and now.name == served.name
    assert search(index_dir, "pharmacy")["total"] == 3


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('[[synonyms]]\nwords = ["a", \n', 3, "not valid TOML"),
        ('[careers]\n"Astronaut" = ["spaceman"]\n', 2, "career 'Astronaut' is not in careers.toml"),
        ('\n[colours]\nred = "rouge"\n', 2, "unknown section 'colours'"),
        ('[[one_way]]\nfrom = "x"\nto = "y"\n', 3, "to: missing, or not text"),
        ('[abbreviations]\ncpr = "!!"\n', 2, "has no letters or digits"),
        ('[[synonyms]]\nwords = ["a"]\ncolour = 1\n', 2, "needs at least 2"),
    ],
)
def test_every_mistake_names_file_and_line(text: str, line: int, message: str) -> None:
    with pytest.raises(SynonymsError) as caught:
        parse_synonyms(text.encode(), "corpus/synonyms.toml", {"Welder"})
    assert str(caught.value).startswith(f"corpus/synonyms.toml line {line}: ")
    assert message in str(caught.value)


def test_the_shipped_synonyms_work(shipped_index: Path) -> None:
    data = search(shipped_index, "blood work classes")
    assert data["total"] > 10
    assert all("Phlebotomy" in str(r["careers"]) for r in data["results"][:3])  # type: ignore[index]
    trucker = search(shipped_index, "big rig driver")
    assert trucker["interpreted"]["careers"] == ["Commercial Truck Driver"]  # type: ignore[index]
