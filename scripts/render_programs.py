"""Render the sample program pages of the course-search corpus.

Reads ``corpus/facts/programs.csv`` and writes one HTML page per row to
``corpus/programs/<state code lowercase, or "online">/<id>.html``.  Pages carry the
structured data named in the row's ``markup`` column (schema.org Course or
EducationalOccupationalProgram as JSON-LD, Course as microdata, or none) and always show
the same facts visibly in the body, followed by description prose composed from
per-career sentence templates.  Output is deterministic: every random choice is seeded by
the row id.  Pages that an earlier run wrote (recognised by the generator meta tag) but that
no longer have a row are deleted.

The writing lives in ``scripts/program_pages/``: careers and phrase banks in ``data/*.toml``,
the page layouts in ``templates/*.html.j2``, and the steps in its modules.

Usage: ``python scripts/render_programs.py [--facts PATH] [--out DIR]``
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from program_pages.data import load_material
from program_pages.facts import read_programs
from program_pages.write import write_pages

ROOT = Path(__file__).resolve().parent.parent
FACTS_CSV = ROOT / "corpus" / "facts" / "programs.csv"
OUT_DIR = ROOT / "corpus" / "programs"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--facts", type=Path, default=FACTS_CSV, help="facts CSV to read")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="output folder")
    args = parser.parse_args(argv)
    material = load_material()
    programs = read_programs(args.facts, material.careers, material.formats)
    args.out.mkdir(parents=True, exist_ok=True)
    written, deleted = write_pages(programs, args.out, material)
    print(f"{len(programs)} programs: {written} pages written, {deleted} stale pages deleted")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
