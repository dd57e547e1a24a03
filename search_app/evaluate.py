"""Relevance evaluation: judged queries -> nDCG@10, success@3 and the zero-result rate, for our
search and for a plain-BM25 baseline (the Whoosh backend's default parser over the same index),
side by side.
"""

from __future__ import annotations

import math
import shutil
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from search_app.engines import open_baseline
from search_app.query import MultiDictArgs, parse_args
from search_app.questions import read_question
from search_app.search import SearchService

K = 10
RELEVANT = 2  # a grade of 2 (good) or 3 (exactly what was asked) counts as a success


@dataclass
class Judged:
    q: str
    grades: dict[str, int]
    params: dict[str, str] = field(default_factory=dict)
    note: str = ""
    group: str = ""  # what kind of query: spelling, pay, cost… (see ``group_of``)


def group_of(item: Judged) -> str:
    """The judged group, else the intent its words ask for, else "words"."""
    return item.group or read_question(item.q).intent or "words"


@dataclass
class Scores:
    ndcg_at_10: float
    success_at_3: float
    zero_result_rate: float
    per_query: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        return {
            "ndcg@10": round(self.ndcg_at_10, 4),
            "success@3": round(self.success_at_3, 4),
            "zero_result_rate": round(self.zero_result_rate, 4),
        }


def load_judgments(path: Path) -> list[Judged]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    out = []
    for entry in data.get("query", []):
        grades = {str(k): int(v) for k, v in entry.get("grades", {}).items()}
        params = {str(k): str(v) for k, v in entry.get("params", {}).items()}
        out.append(
            Judged(
                q=str(entry["q"]),
                grades=grades,
                params=params,
                note=entry.get("note", ""),
                group=str(entry.get("group", "")),
            )
        )
    return out


def dcg(gains: list[int]) -> float:
    return float(sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains)))


def ndcg(ranked: list[str], grades: dict[str, int], k: int = K) -> float:
    ideal = dcg(sorted(grades.values(), reverse=True)[:k])
    if ideal == 0:
        return 1.0 if not ranked else 0.0
    return dcg([grades.get(doc, 0) for doc in ranked[:k]]) / ideal


def score(judged: list[Judged], rank: Callable[[Judged], list[str]]) -> Scores:
    ndcgs, successes, zeros = [], [], 0
    per_query: dict[str, float] = {}
    for item in judged:
        ranked = rank(item)
        value = ndcg(ranked, item.grades)
        per_query[item.q] = value
        ndcgs.append(value)
        successes.append(any(item.grades.get(d, 0) >= RELEVANT for d in ranked[:3]))
        zeros += not ranked
    n = max(1, len(judged))
    return Scores(sum(ndcgs) / n, sum(successes) / n, zeros / n, per_query)


def by_group(judged: list[Judged], rank: Callable[[Judged], list[str]]) -> dict[str, Scores]:
    """Scores per group of queries (``group_of``), biggest group first."""
    groups: dict[str, list[Judged]] = {}
    for item in judged:
        groups.setdefault(group_of(item), []).append(item)
    ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return {name: score(items, rank) for name, items in ordered}


def rank_ours(service: SearchService) -> Callable[[Judged], list[str]]:
    def rank(item: Judged) -> list[str]:
        args = MultiDictArgs({"q": item.q, "per_page": str(K), **item.params})
        return [hit.id for hit in service.search(parse_args(args)).results]

    return rank


def rank_baseline(index_dir: Path) -> Callable[[Judged], list[str]]:
    """Plain BM25F: the Whoosh backend's default parser (all terms) over the text fields of the
    same index, no understanding."""
    ranked = open_baseline({"ENGINE": "whoosh", "INDEX_DIR": index_dir}, K)

    def rank(item: Judged) -> list[str]:
        return ranked(item.q)

    return rank


def evaluation_corpus(root: Path, corpus: Path, shared_data: Path) -> list[Path]:
    """The shipped corpus plus New Jersey's feed and the saved real program pages."""
    nj = root / "nj-feed"
    (nj / "feeds").mkdir(parents=True, exist_ok=True)
    examples = Path(__file__).resolve().parent.parent / "examples" / "feeds" / "nj-etpl.toml"
    shutil.copyfile(examples, nj / "feeds" / "nj-etpl.toml")
    source = shared_data / "nj-etpl-2021" / "nj_etpl_programs_2021-03-29.csv"
    shutil.copyfile(source, nj / "feeds" / "nj-etpl.csv")
    pages = root / "nj-pages"
    target = pages / "programs"
    if not target.exists():
        shutil.copytree(
            shared_data / "nj-etpl-findtraining-html" / "findtraining_program_pages", target
        )
    return [corpus, nj, pages]
