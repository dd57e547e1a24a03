"""Put the pages on disk: write what changed, delete pages an earlier run wrote for removed rows."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .data import Material
from .model import GENERATOR, Program
from .render import render_page


def is_generated(path: Path) -> bool:
    """Whether this generator wrote ``path`` (its generator meta tag), so it may delete it."""
    try:
        head = path.read_text(encoding="utf-8", errors="replace")[:2000]
    except OSError:
        return False
    return f'content="{GENERATOR}"' in head


def write_pages(programs: Sequence[Program], out_dir: Path, material: Material) -> tuple[int, int]:
    """Write every page; delete stale generated pages. Returns (written, deleted)."""
    wanted: set[Path] = set()
    written = 0
    for prog in programs:
        path = out_dir / prog.folder / f"{prog.id}.html"
        wanted.add(path)
        text = render_page(prog, material)
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written += 1
    deleted = 0
    for path in sorted(out_dir.glob("*/*.html")):
        if path not in wanted and is_generated(path):
            path.unlink()
            deleted += 1
    for folder in sorted(p for p in out_dir.iterdir() if p.is_dir()):
        if not any(folder.iterdir()):
            folder.rmdir()
    return written, deleted
