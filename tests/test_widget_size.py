"""The embeddable widget stays small: widget.js at most 12 KB gzipped (no browser needed)."""

from __future__ import annotations

import gzip
from pathlib import Path

WIDGET = Path(__file__).resolve().parent.parent / "search_app" / "static" / "widget.js"
MAX_GZIPPED = 12 * 1024


def test_widget_js_is_at_most_12_kb_gzipped() -> None:
    raw = WIDGET.read_bytes()
    packed = gzip.compress(raw, compresslevel=9, mtime=0)
    print(f"widget.js: {len(raw)} bytes, {len(packed)} gzipped")
    assert len(packed) <= MAX_GZIPPED, f"{len(packed)} bytes gzipped > {MAX_GZIPPED}"
