"""The import graph keeps each engine behind its seam (docs/ENGINES.md).

Every module of ``indexer/``, ``search_app/`` and ``scripts/`` is parsed (imports inside functions
and ``TYPE_CHECKING`` blocks count too) and each rule names the offending import:

- (a) nothing under ``search_app/engines/`` imports a ``search_app`` module above it, except the
  shared data types (``ENGINE_MAY_IMPORT``), and no backend imports another backend;
- (b) ``whoosh`` is imported only by the Whoosh backend (``search_app/engines/whoosh/`` and
  ``indexer/backends/whoosh/``), (c) ``typesense`` only by the Typesense one;
- (d) ``indexer`` never imports ``search_app``;
- (e) the engine-neutral modules above the seam reach a backend only through the registry.

``bench/`` and ``tests/`` are outside the rules: they measure and test engines directly.
"""

from __future__ import annotations

import ast
import functools
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECKED = ("indexer", "search_app", "scripts")
BACKENDS = ("whoosh", "typesense")
# What an engine may import from above search_app.engines: data types and data, never logic.
# None: any name of the module.
ENGINE_MAY_IMPORT: dict[str, frozenset[str] | None] = {
    "search_app.query": frozenset({"SearchQuery", "MAX_EXPLAIN"}),
    "search_app.results": None,
    "search_app.intents": None,
}


@dataclass(frozen=True)
class Import:
    path: str  # the importing file, relative to the repository
    line: int
    module: str  # the imported module, absolute
    names: tuple[str, ...]  # the names taken from it (``from m import a, b``); () for ``import m``

    def __str__(self) -> str:
        taken = f" ({', '.join(self.names)})" if self.names else ""
        return f"{self.path}:{self.line} imports {self.module}{taken}"


def _module_of(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_module(name: str) -> bool:
    base = ROOT.joinpath(*name.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def imports_of(path: Path) -> Iterator[Import]:
    rel = path.relative_to(ROOT).as_posix()
    module = _module_of(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=rel)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(rel, node.lineno, alias.name, ())
        elif isinstance(node, ast.ImportFrom):
            source = node.module or ""
            if node.level:  # relative: from the importing module's package, or above it
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join([*base, source] if source else base)
            names = tuple(alias.name for alias in node.names)
            yield Import(rel, node.lineno, source, names)
            for name in names:  # ``from search_app import questions`` imports a module
                if _is_module(f"{source}.{name}"):
                    yield Import(rel, node.lineno, f"{source}.{name}", ())


@functools.cache
def all_imports() -> list[Import]:
    found: list[Import] = []
    for top in CHECKED:
        for path in sorted((ROOT / top).rglob("*.py")):
            found.extend(imports_of(path))
    return found


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def _backend_of(path: str) -> str | None:
    for backend in BACKENDS:
        for side in (f"search_app/engines/{backend}/", f"indexer/backends/{backend}/"):
            if path.startswith(side):
                return backend
    return None


def engine_violations(found: list[Import]) -> list[str]:
    """(a): engine modules importing what sits above them, or another backend."""
    out = []
    for imp in found:
        if not imp.path.startswith("search_app/engines/"):
            continue
        mine = _backend_of(imp.path)
        for backend in BACKENDS:
            if backend != mine and _within(imp.module, f"search_app.engines.{backend}"):
                out.append(f"{imp}: one backend importing another")
        if not _within(imp.module, "search_app") or _within(imp.module, "search_app.engines"):
            continue
        if imp.module == "search_app" and all(_is_module(f"search_app.{n}") for n in imp.names):
            continue  # judged by the module entries ``imports_of`` adds for each name
        if imp.module not in ENGINE_MAY_IMPORT:
            out.append(f"{imp}: an engine importing a module above search_app.engines")
            continue
        allowed = ENGINE_MAY_IMPORT[imp.module]
        extra = sorted(set(imp.names) - allowed) if allowed is not None else []
        if extra:
            out.append(f"{imp}: only {sorted(allowed or ())} may be taken from it, not {extra}")
    return out


def library_violations(found: list[Import]) -> list[tuple[str, str]]:
    """(b), (c): a backend's library imported outside that backend's two folders, as
    (``path: library``, the import)."""
    out = []
    for imp in found:
        for library in BACKENDS:
            if _within(imp.module, library) and _backend_of(imp.path) != library:
                out.append((f"{imp.path}: {library}", str(imp)))
    return out


def test_engines_import_only_data_types_from_above() -> None:
    assert engine_violations(all_imports()) == []


def test_whoosh_and_typesense_are_imported_only_by_their_backends_on_the_read_side() -> None:
    found = [v for v in library_violations(all_imports()) if not v[0].startswith("indexer/")]
    assert found == []


def test_whoosh_and_typesense_are_imported_only_by_their_backends_on_the_write_side() -> None:
    found = [imp for key, imp in library_violations(all_imports()) if key.startswith("indexer/")]
    assert found == [], "outside indexer/backends/<name>/"


def test_indexer_never_imports_search_app() -> None:
    found = [
        str(imp)
        for imp in all_imports()
        if imp.path.startswith("indexer/") and _within(imp.module, "search_app")
    ]
    assert found == []


def test_modules_above_the_seam_reach_backends_only_through_the_registry() -> None:
    found = [
        str(imp)
        for imp in all_imports()
        if imp.path.startswith("search_app/")
        and not imp.path.startswith("search_app/engines/")
        and any(_within(imp.module, f"search_app.engines.{b}") for b in BACKENDS)
    ]
    assert found == []


def test_the_rules_see_an_offending_import() -> None:
    """The parser finds imports by ``from`` and inside functions, and each rule names what it
    finds."""
    engine = list(imports_of(ROOT / "search_app" / "engines" / "whoosh" / "engine.py"))
    assert any(i.module == "whoosh" and "query" in i.names for i in engine)
    lazy = list(imports_of(ROOT / "search_app" / "engines" / "whoosh" / "__init__.py"))
    assert any(i.module == "search_app.engines.whoosh.engine" for i in lazy)
    fake = [
        Import("search_app/engines/whoosh/x.py", 1, "search_app.understand", ("interpret",)),
        Import("search_app/engines/whoosh/x.py", 2, "search_app.query", ("parse_args",)),
        Import("search_app/engines/typesense/x.py", 3, "search_app.engines.whoosh.arrays", ()),
        Import("search_app/engines/common/x.py", 4, "search_app.results", ("Hit",)),
    ]
    problems = engine_violations(fake)
    assert [p.split(":")[1].split()[0] for p in problems] == ["1", "2", "3"]
    assert library_violations([Import("search_app/pages.py", 5, "whoosh.query", ())]) == [
        ("search_app/pages.py: whoosh", "search_app/pages.py:5 imports whoosh.query")
    ]


def test_importing_every_engine_module_loads_nothing_above_the_seam_but_data() -> None:
    """At run time too: the engines' modules, all imported in a fresh interpreter, bring in no
    search_app module above search_app.engines except the data-type ones."""
    engines = sorted(
        _module_of(p)
        for p in (ROOT / "search_app" / "engines").rglob("*.py")
        if p.name != "__init__.py"
    )
    script = (
        "import sys\n"
        + "".join(f"import {name}\n" for name in engines)
        + "print('\\n'.join(sorted(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    loaded = {
        name
        for name in done.stdout.split()
        if _within(name, "search_app") and not _within(name, "search_app.engines")
    }
    # search_app.params comes with search_app.query: SearchQuery's module declares its parameters
    assert loaded <= {"search_app", "search_app.params", *ENGINE_MAY_IMPORT}
