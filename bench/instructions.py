"""Instructions per request, which a busy machine does not move as it moves seconds.

Run the same requests under valgrind twice, with ``--requests 0`` and ``--requests N``; the
difference of the two ``I refs`` totals over N is the app's cost of a request (the Flask test
client: routing, parsing, searching, rendering, the query log's thread; not gunicorn)::

    valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \\
        python -m bench.instructions --index var/index --requests 300

The requests are the bench's query log for the corpus's careers (seed 42), after 100 to warm up.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bench import queries
from bench.corpus import load_careers

WARM_UP = 100


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.instructions", description=__doc__)
    parser.add_argument("--index", type=Path, required=True, help="a built index directory")
    parser.add_argument("--careers", type=Path, default=Path("corpus/careers.toml"))
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--query-log", choices=("on", "off"), default="off")
    args = parser.parse_args(argv)
    from search_app.app import create_app

    log = queries.generate_log(load_careers(args.careers), args.requests + WARM_UP, 42)
    paths = [q.path() for q in log]
    app = create_app(
        {
            "INDEX_DIR": str(args.index),
            "RATE_LIMIT": "off",
            "PAGE_RATE_LIMIT": "off",
            "QUERY_LOG": args.query_log,
        }
    )
    client = app.test_client()
    for path in paths[-WARM_UP:]:
        client.get(path)
    for path in paths[: args.requests]:
        status = client.get(path).status_code
        if status != 200:
            raise SystemExit(f"{path}: HTTP {status}")


if __name__ == "__main__":
    main()
