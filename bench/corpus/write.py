"""Write the scale corpus directory: the feeds, a share of the documents as pages, the stats."""

from __future__ import annotations

import json
import random
import shutil
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TextIO

from bench.corpus.careers import CareerInfo, Picker, load_careers
from bench.corpus.feeds import ARTICLE_FEED, ARTICLE_MAPPING, FEED, PROGRAM_MAPPING
from bench.corpus.pages import article_page, program_page
from bench.corpus.rows import article_row, program_row
from bench.places import CITIES
from bench.prose import Markov, corpus_paragraphs


@dataclass(frozen=True)
class CorpusSpec:
    docs: int
    seed: int = 42
    article_share: float = 0.08
    html_share: float = 0.05


@dataclass
class CorpusStats:
    docs: int = 0
    programs: int = 0
    articles: int = 0
    html_pages: int = 0
    feed_rows: int = 0
    bytes: int = 0
    seconds: float = 0.0
    program_pages: list[str] = field(default_factory=list)  # relative paths, for the change test

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["program_pages"] = len(self.program_pages)
        return out


def train_prose(source_corpus: Path, careers: Sequence[CareerInfo]) -> Markov:
    phrases = [p for c in careers for p in (c.name, *c.aliases) if len(p) > 2]
    cities = sorted({c for c, _, _ in CITIES} | {"Eatontown", "Newark", "Union"})
    return Markov.train(corpus_paragraphs(source_corpus), phrases, cities)


def generate(out_dir: Path, spec: CorpusSpec, source_corpus: Path) -> CorpusStats:
    """Write ``spec.docs`` documents into ``out_dir`` (emptied first)."""
    import time

    started = time.perf_counter()
    if out_dir.exists():
        shutil.rmtree(out_dir)
    (out_dir / "feeds").mkdir(parents=True)
    shutil.copyfile(source_corpus / "careers.toml", out_dir / "careers.toml")
    careers = load_careers(source_corpus / "careers.toml")
    prose = train_prose(source_corpus, careers)
    rng = random.Random(spec.seed)
    pick = Picker(rng, careers)
    stats = CorpusStats(docs=spec.docs)
    feeds = out_dir / "feeds"
    (feeds / f"{FEED}.toml").write_text(PROGRAM_MAPPING, encoding="utf-8")
    (feeds / f"{ARTICLE_FEED}.toml").write_text(ARTICLE_MAPPING, encoding="utf-8")
    with (
        (feeds / f"{FEED}.jsonl").open("w", encoding="utf-8") as programs_out,
        (feeds / f"{ARTICLE_FEED}.jsonl").open("w", encoding="utf-8") as articles_out,
    ):
        for n in range(spec.docs):
            is_article = rng.random() < spec.article_share
            as_page = rng.random() < spec.html_share
            if is_article:
                stats.articles += 1
                row = article_row(pick, prose, n)
                _emit(out_dir, stats, row, as_page, articles_out, is_article=True)
            else:
                stats.programs += 1
                row = program_row(pick, prose, n)
                _emit(out_dir, stats, row, as_page, programs_out, is_article=False)
    stats.bytes = sum(p.stat().st_size for p in out_dir.rglob("*") if p.is_file())
    stats.seconds = round(time.perf_counter() - started, 2)
    return stats


def _emit(
    out_dir: Path,
    stats: CorpusStats,
    row: dict[str, Any],
    as_page: bool,
    feed: TextIO,
    *,
    is_article: bool,
) -> None:
    if not as_page:
        feed.write(json.dumps(row, ensure_ascii=False) + "\n")
        stats.feed_rows += 1
        return
    stats.html_pages += 1
    if is_article:
        relative = Path("articles") / f"{row['article_id']}.html"
        text = article_page(row)
    else:
        folder = (row["state"] or "online").lower()
        relative = Path("programs") / folder / f"{row['program_id']}.html"
        text = program_page(row)
        stats.program_pages.append(relative.as_posix())
    path = out_dir / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
