"""Index a live website (``course-search crawl``): sitemaps, robots.txt, polite fetching.

The crawler only fetches; its pages go through the same parse, normalise and build path as a
corpus folder's (``indexer.build``), as cached files beside the index.
"""

# Where the User-Agent sends site owners unless --contact says otherwise.
DEFAULT_CONTACT = "https://github.com/course-search/course-search#indexing-a-website"
