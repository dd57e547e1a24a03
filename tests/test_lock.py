"""The lock files pin, with hashes, what pyproject.toml asks for, and this environment runs on them."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(
    r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^\s;\\]+)(?:\s*;\s*(?P<marker>[^\\]+?))?\s*\\?$"
)


def pins(lock: str) -> dict[str, tuple[str, bool]]:
    """name -> (version, whether this Python on this platform installs it)."""
    lines = (ROOT / "requirements" / lock).read_text(encoding="utf-8").splitlines()
    found: dict[str, tuple[str, bool]] = {}
    for n, line in enumerate(lines):
        match = PIN.match(line)
        if not match:
            continue
        assert lines[n + 1].strip().startswith("--hash=sha256:"), f"{lock}: {line} has no hash"
        marker = match["marker"]
        applies = Marker(marker).evaluate() if marker else True
        name = canonicalize_name(match["name"])
        if applies or name not in found:
            found[name] = (match["version"], applies)
    return found


def declared(extra: str | None) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = project["dependencies"] + (project["optional-dependencies"][extra] if extra else [])
    return [Requirement(r) for r in names]


def test_every_declared_dependency_is_pinned_within_its_range():
    for lock, extra in (("runtime.txt", None), ("test.txt", "test"), ("bench.txt", "bench")):
        pinned = pins(lock)
        for req in declared(extra):
            name = canonicalize_name(req.name)
            assert name in pinned, f"{req.name} is not in requirements/{lock}: run `make lock`"
            version = pinned[name][0]
            assert req.specifier.contains(version, prereleases=True), (
                f"requirements/{lock} pins {req.name}=={version}, outside {req.specifier}: "
                "run `make lock`"
            )


def test_runtime_pins_are_the_test_pins():
    """The suite runs on exactly the versions `make serve` installs."""
    runtime, test = pins("runtime.txt"), pins("test.txt")
    assert {n: v for n, (v, _) in runtime.items()} == {n: test[n][0] for n in runtime}


def test_this_environment_runs_on_the_pins():
    for name, (version, applies) in pins("test.txt").items():
        if not applies:
            continue
        installed = metadata.version(name)
        assert installed == version, f"{name} {installed} installed, {version} pinned"
