"""Real third-party data: New Jersey's training-provider feed and saved real program pages."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from indexer.build import BuildOptions, build
from search_app.query import MultiDictArgs, parse_args
from search_app.search import SearchService

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"
NJ_CSV = SHARED_DATA / "nj-etpl-2021" / "nj_etpl_programs_2021-03-29.csv"
NJ_JSONL = SHARED_DATA / "nj-etpl-2021" / "nj_etpl_programs_2021-03-29.jsonl"
PAGES = SHARED_DATA / "nj-etpl-findtraining-html" / "findtraining_program_pages"
PAGES_INDEX = SHARED_DATA / "nj-etpl-findtraining-html" / "index.csv"

pytestmark = pytest.mark.skipif(
    not NJ_CSV.is_file(), reason=f"real data not found at {SHARED_DATA}"
)


def nj_feed_corpus(root: Path, source: Path = NJ_CSV) -> Path:
    feeds = root / "feeds"
    feeds.mkdir(parents=True)
    shutil.copyfile(ROOT / "examples" / "feeds" / "nj-etpl.toml", feeds / "nj-etpl.toml")
    shutil.copyfile(source, feeds / f"nj-etpl{source.suffix}")
    shutil.copyfile(ROOT / "corpus" / "careers.toml", root / "careers.toml")
    return root


def search(index_dir: Path, **args):
    return SearchService(index_dir).search(parse_args(MultiDictArgs(args)))


def test_nj_feed_finds_phlebotomy_in_eatontown_with_its_cost(tmp_path):
    corpus = nj_feed_corpus(tmp_path / "nj")
    report = build(BuildOptions([corpus], tmp_path / "index"))
    with NJ_CSV.open(encoding="utf-8", newline="") as handle:
        rows = sum(1 for _ in csv.DictReader(handle))
    # Every row is indexed or reported: nothing is dropped silently.
    assert report.documents + report.failed == rows == 736
    results = search(tmp_path / "index", q="phlebotomy", location="Eatontown, NJ")
    assert results.total >= 1
    top = results.results[0]
    assert top.title == "Phlebotomy Technician"
    assert top.provider == "Advantage Career Institute, Inc. - PCS"
    assert top.cost_usd == 1790
    assert top.careers == ["Phlebotomy Technician"]
    careers = {v.value: v.count for v in search(tmp_path / "index").facets["career"]}
    assert careers["Certified Nursing Assistant"] >= 5
    assert careers["Phlebotomy Technician"] >= 5


def test_nj_feed_absurd_values_are_reported_with_the_row(tmp_path):
    corpus = nj_feed_corpus(tmp_path / "nj")
    report = build(BuildOptions([corpus], tmp_path / "index"))
    cost_warnings = [w for w in report.warnings if "cost" in w.reason]
    assert cost_warnings, "the feed has a 41,984,198 dollar row that must be reported"
    assert all("nj-etpl.csv id nj-etpl/" in w.path for w in cost_warnings)


def test_nj_feed_as_jsonl_indexes_the_same_programs(tmp_path):
    corpus = nj_feed_corpus(tmp_path / "nj", NJ_JSONL)
    report = build(BuildOptions([corpus], tmp_path / "index"))
    assert report.documents + report.failed == 736
    assert search(tmp_path / "index", q="phlebotomy", location="Eatontown, NJ").total >= 1


def test_bad_feed_rows_are_reported_not_dropped(tmp_path):
    corpus = tmp_path / "c"
    (corpus / "feeds").mkdir(parents=True)
    shutil.copyfile(ROOT / "examples" / "feeds" / "nj-etpl.toml", corpus / "feeds" / "bad.toml")
    header = "program_id,program_name,provider_name,total_cost,calendar_length,city,state\n"
    rows = [
        "1,Phlebotomy,Good School,900,4-11 weeks,Newark,NJ",
        ",No id,School,100,,Newark,NJ",
        "3,,No title school,100,,Newark,NJ",
        "1,Duplicate,School,100,,Newark,NJ",
        "5,Welding,School,-50,10000 weeks,Newark,NJ",
    ]
    (corpus / "feeds" / "bad.csv").write_text(header + "\n".join(rows) + "\n")
    report = build(BuildOptions([corpus], tmp_path / "index"))
    reasons = sorted(
        e.path.rsplit(" ", 2)[-2] + " " + e.path.rsplit(" ", 1)[-1] + ": " + e.reason
        for e in report.errors
    )
    assert reasons == [
        "row 3: no id in column 'program_id'",
        "row 4: no title in program_name_standardized, program_name",
        "row 5: duplicate id 'nj-etpl/1'",
    ]
    assert report.documents == 2
    assert {w.reason.split(" ")[0] for w in report.warnings} == {"cost", "length"}


def test_feed_without_a_mapping_is_an_error(tmp_path):
    corpus = tmp_path / "c"
    (corpus / "feeds").mkdir(parents=True)
    (corpus / "feeds" / "orphan.csv").write_text("a,b\n1,2\n")
    report = build(BuildOptions([corpus], tmp_path / "index"))
    assert [e.reason for e in report.errors] == [
        "no column mapping: expected orphan.toml beside the feed"
    ]


def test_saved_real_program_pages_keep_title_provider_city_and_cost(tmp_path):
    corpus = tmp_path / "pages"
    shutil.copytree(PAGES, corpus / "programs")
    report = build(BuildOptions([corpus], tmp_path / "index"))
    assert report.ok and report.documents == 250
    service = SearchService(tmp_path / "index")
    with PAGES_INDEX.open(encoding="utf-8", newline="") as handle:
        expected = list(csv.DictReader(handle))
    checked = 0
    for row in expected[::10]:
        doc = service.get(f"programs/{row['program_id']}")
        assert doc is not None, row["file"]
        assert doc.title.lower() == " ".join(row["title"].split()).lower()
        assert doc.provider == row["provider"]
        assert doc.city is not None and doc.city in row["location_last_line"]
        assert doc.state == "NJ"
        cost = row["cost"].replace("$", "").replace(",", "")
        assert doc.cost_usd == (round(float(cost)) if cost else None)
        checked += 1
    assert checked == 25


def test_corpus_feed_and_pages_index_together(tmp_path):
    feed = nj_feed_corpus(tmp_path / "nj")
    pages = tmp_path / "pages"
    shutil.copytree(PAGES, pages / "programs")
    report = build(BuildOptions([ROOT / "corpus", feed, pages], tmp_path / "index"))
    assert report.failed == 0
    results = search(tmp_path / "index", q="certified nurse aide", per_page="50")
    sources = {hit.id.split("/")[0] for hit in results.results}
    assert {"nj-etpl", "programs"} <= sources
