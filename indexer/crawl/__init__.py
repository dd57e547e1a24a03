"""Index a live website (``course-search crawl``): sitemaps, robots.txt, polite fetching.

The crawler only fetches; its pages go through the same parse, normalise and build path as a
corpus folder's (``indexer.build``), as cached files beside the index.
"""
