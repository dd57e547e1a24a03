"""``python -m bench.hostile``: hostile queries beside the normal mix.

A query of twelve random 20-letter words finds nothing, so it goes through every optional step
of a search: spelling, then the relaxation ladder (any word, near spellings…). Those steps must
be bounded work. This prints, for the shipped corpus and for the shipped corpus plus one
10 MB page of random words (a big term dictionary), the median and p95 of:

- ``normal``: the judged queries of ``tests/relevance/judgments.toml`` (what people type);
- ``hostile``: twelve random 20-letter words, a fresh query each time;
- ``baseline``: the near-spelling step the way it worked before (Whoosh's ``FuzzyTerm`` over
  every text field, which walks each field's term dictionary), for the same hostile words.

Each search runs uncached (the result cache off). Example::

    python -m bench.hostile --runs 40
"""

from __future__ import annotations

import argparse
import random
import statistics
import string
import sys
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

from whoosh import query as wq

from indexer.build import BuildOptions, build
from indexer.decode import MAX_PAGE_BYTES
from indexer.fields import FIELD_BOOSTS
from search_app.query import MultiDictArgs, parse_args
from search_app.search import ResultCache, SearchService

REPO = Path(__file__).resolve().parent.parent
WORDS = 12
LETTERS = 20


def hostile_query(rng: random.Random) -> str:
    return " ".join(
        "".join(rng.choice(string.ascii_lowercase) for _ in range(LETTERS)) for _ in range(WORDS)
    )


def random_page(path: Path, rng: random.Random, size: int = MAX_PAGE_BYTES - 4096) -> None:
    """One page of random words (3-14 letters), just under the indexer's page limit."""
    path.parent.mkdir(parents=True, exist_ok=True)
    words: list[str] = []
    length = 0
    while length < size - 200:
        word = "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(3, 14)))
        words.append(word)
        length += len(word) + 1
    body = " ".join(words)
    html = (
        "<!doctype html><html><head><title>Random words</title></head>"
        f"<body><h1>Random words</h1><p>{body}</p></body></html>"
    )
    path.write_text(html, encoding="utf-8")


def _index(workdir: Path, name: str, corpora: list[Path]) -> Path:
    index = workdir / name
    if not (index / "CURRENT").exists():
        started = time.perf_counter()
        report = build(BuildOptions(corpora, index, full=True))
        took = time.perf_counter() - started
        print(f"built {name}: {report.documents} documents in {took:.1f}s", file=sys.stderr)
    return index


def _times(fn: Callable[[str], object], queries: list[str]) -> list[float]:
    out = []
    for q in queries:
        started = time.perf_counter()
        fn(q)
        out.append((time.perf_counter() - started) * 1000)
    return out


def _figures(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"{statistics.median(times):8.1f} {p95:8.1f}"


def measure(index: Path, runs: int, seed: int) -> dict[str, list[float]]:
    service = SearchService(index)
    service.cache = ResultCache(0)  # every search does its work
    judged = tomllib.loads((REPO / "tests/relevance/judgments.toml").read_text("utf-8"))
    normal = [q["q"] for q in judged["query"]]
    rng = random.Random(seed)
    hostile = [hostile_query(rng) for _ in range(runs)]

    def ours(q: str) -> object:
        return service.search(parse_args(MultiDictArgs({"q": q})))

    for q in normal[:10] + hostile[:3]:
        ours(q)  # warm: postings read, the speller's sound index built
    with service.engine.session() as session:
        searcher = session.snap.searcher  # type: ignore[attr-defined]

        def fuzzy_walk(q: str) -> object:
            terms = [
                wq.FuzzyTerm(f, word, boost=b, maxdist=2, prefixlength=1)
                for word in q.split()
                for f, b in FIELD_BOOSTS.items()
            ]
            return searcher.search(wq.Or(terms), limit=10)

        baseline = _times(fuzzy_walk, hostile[: max(3, runs // 4)])
    out = {
        "normal": _times(ours, normal * max(1, runs // len(normal) + 1))[: max(runs, len(normal))],
        "hostile": _times(ours, hostile),
        "baseline": baseline,
    }
    service.close()
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.hostile", description=__doc__)
    parser.add_argument("--runs", type=int, default=40, help="hostile queries per index")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--workdir", type=Path, default=REPO / "bench" / ".work" / "hostile")
    parser.add_argument("--skip-big", action="store_true", help="only the shipped corpus")
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    indexes = {"shipped corpus": _index(args.workdir, "shipped", [REPO / "corpus"])}
    if not args.skip_big:
        extra = args.workdir / "random-page"
        page = extra / "articles" / "random-words.html"
        if not page.exists():
            random_page(page, random.Random(args.seed))
        indexes["+ 10 MB random-word page"] = _index(args.workdir, "big", [REPO / "corpus", extra])
    print(f"{'':28}{'p50 ms':>9}{'p95 ms':>9}   (n)")
    for label, index in indexes.items():
        found = measure(index, args.runs, args.seed)
        print(label)
        names = {
            "normal": "normal mix (judged queries)",
            "hostile": f"hostile: {WORDS} random {LETTERS}-letter words",
            "baseline": "baseline: Whoosh FuzzyTerm walk",
        }
        for key, name in names.items():
            print(f"  {name:<38}{_figures(found[key])}   ({len(found[key])})")


if __name__ == "__main__":
    main()
