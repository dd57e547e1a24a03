"""Serve a corpus folder as a website on 127.0.0.1, to try ``course-search crawl`` on it.

    python scripts/serve_corpus_site.py [--corpus corpus] [--port 8765] [--crawl-delay 0]

It serves the pages with Last-Modified (and a 304 to If-Modified-Since), a ``robots.txt`` that
names a sitemap index, and the index's two sitemaps (articles, and gzipped programs). Each
request is logged to stderr with its time, status and whether it was conditional, so the rate a
crawler keeps can be read from the log.
"""

from __future__ import annotations

import argparse
import gzip
import sys
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar


def sitemap(urls: list[str]) -> bytes:
    entries = "".join(f"<url><loc>{u}</loc></url>" for u in urls)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'
    ).encode()


class Handler(SimpleHTTPRequestHandler):
    generated: ClassVar[dict[str, tuple[str, bytes]]] = {}

    def do_GET(self) -> None:
        if self.path in self.generated:
            kind, body = self.generated[self.path]
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        conditional = "conditional" if "If-Modified-Since" in self.headers else "-"
        sys.stderr.write(f"{time.time():.3f} {code} {conditional} {self.path}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--crawl-delay", type=float, default=0.0)
    args = parser.parse_args()
    base = f"http://127.0.0.1:{args.port}"
    corpus = args.corpus.resolve()

    def urls(folder: str) -> list[str]:
        return [f"{base}/{p.relative_to(corpus).as_posix()}" for p in sorted(corpus.glob(folder))]

    robots = f"User-agent: *\nDisallow: /facts/\nSitemap: {base}/sitemap_index.xml\n"
    if args.crawl_delay:
        robots += f"Crawl-delay: {args.crawl_delay:g}\n"
    index = "".join(
        f"<sitemap><loc>{base}/{name}</loc></sitemap>"
        for name in ("sitemap-articles.xml", "sitemap-programs.xml.gz")
    )
    Handler.generated = {
        "/robots.txt": ("text/plain", robots.encode()),
        "/sitemap_index.xml": (
            "application/xml",
            '<?xml version="1.0" encoding="UTF-8"?><sitemapindex '
            f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{index}</sitemapindex>'.encode(),
        ),
        "/sitemap-articles.xml": ("application/xml", sitemap(urls("articles/**/*.html"))),
        "/sitemap-programs.xml.gz": (
            "application/gzip",
            gzip.compress(sitemap(urls("programs/**/*.html")), mtime=0),
        ),
    }
    server = ThreadingHTTPServer(("127.0.0.1", args.port), partial(Handler, directory=str(corpus)))
    print(f"Serving {corpus} at {base}/ (robots.txt, sitemap_index.xml)", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
