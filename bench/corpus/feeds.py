"""The two feeds of the scale corpus: their names and their column mappings, written verbatim."""

from __future__ import annotations

FEED = "scale"
ARTICLE_FEED = "scale-articles"

PROGRAM_MAPPING = """\
# Column mapping of the benchmark's synthetic program feed (bench/corpus.py).
[feed]
id = "program_id"
id_prefix = "scale"
kind = "program"

[fields]
title = "program_name"
provider = "provider_name"
summary = "description"
body = ["description", "details"]
street = "street"
city = "city"
state = "state"
postal_code = "zip"
cost = "total_cost"
hours = "clock_hours"
duration = "length"
mode = "delivery"
careers = "occupation"
credential = "credential"
url = "url"
"""

ARTICLE_MAPPING = """\
# Column mapping of the benchmark's synthetic article feed (bench/corpus.py).
[feed]
id = "article_id"
id_prefix = "scale-articles"
kind = "article"

[fields]
title = "headline"
summary = "description"
body = "text"
careers = ["about", "about_2"]
url = "url"
published = "date_published"
"""
