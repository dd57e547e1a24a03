"""An index built by another version of course-search is reported, not served as 500s."""

from __future__ import annotations

import json
from pathlib import Path

from indexer import generations
from search_app.app import create_app


def _age(index_dir: Path) -> None:
    live = generations.current(index_dir)
    assert live is not None
    manifest_file = live.path / generations.MANIFEST
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    manifest["schema"] = manifest["schema"] - 1
    manifest_file.write_text(json.dumps(manifest), encoding="utf-8")


def test_an_index_from_an_older_version_says_to_rebuild_it(
    small_index: Path, index_dir: Path
) -> None:
    _age(index_dir)
    app = create_app({"INDEX_DIR": str(index_dir), "TESTING": True, "RATE_LIMIT": "off"})
    client = app.test_client()
    api = client.get("/api/v1/search?q=phlebotomy")
    assert api.status_code == 503
    assert "course-search index" in api.get_json()["error"]
    assert "built by another version" in api.get_json()["error"]
    page = client.get("/search?q=phlebotomy")
    assert page.status_code == 503
    assert "Traceback" not in page.get_data(as_text=True)
