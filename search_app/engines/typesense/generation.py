"""What every request of one Typesense collection shares: its metadata (taxonomy, places,
vocabulary) and its documents per career and location, read once per collection and revision.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from indexer.backends.typesense.meta import read_meta
from indexer.backends.typesense.schema import Cluster
from indexer.synonyms import with_synonyms
from indexer.taxonomy import Taxonomy, parse_taxonomy
from search_app.engines.base import IndexMissing
from search_app.engines.common.spelling import Speller

ALL_VALUES = 10_000


@dataclass
class Generation:
    """One collection (at one revision of its metadata), as every request of it sees it."""

    collection: str
    revision: int
    created: str
    documents: int
    taxonomy: Taxonomy
    places: dict[str, tuple[float, float] | None]
    speller: Speller
    careers: dict[str, int]  # documents per career
    locations: dict[str, int]  # documents per location


def facet_counts(result: Mapping[str, Any]) -> dict[str, dict[str, int]]:
    return {
        str(f["field_name"]): {str(c["value"]): int(c["count"]) for c in f.get("counts", [])}
        for f in result.get("facet_counts", [])
    }


def load_generation(client: Any, cluster: Cluster, collection: str) -> Generation:
    meta = read_meta(client, cluster, collection)
    if meta is None:
        raise IndexMissing(f"collection {collection} has no metadata: reindex")
    found = client.collections[collection].documents.search(
        {
            "q": "*",
            "query_by": "title",
            "facet_by": "careers,location",
            "max_facet_values": ALL_VALUES,
            "per_page": 0,
        }
    )
    counts = facet_counts(found)
    locations = dict(sorted(counts.get("location", {}).items()))
    places: dict[str, tuple[float, float] | None] = {}
    for label in locations:
        value = meta.places.get(label)
        places[label] = (float(value[0]), float(value[1])) if value else None
    raw = meta.careers_toml.encode("utf-8")
    return Generation(
        collection=collection,
        revision=meta.revision,
        created=meta.created,
        documents=int(found.get("found", 0)),
        taxonomy=_taxonomy(raw, meta.synonyms_toml),
        places=places,
        speller=Speller(Counter(meta.vocabulary)).warm(),
        careers=counts.get("careers", {}),
        locations=locations,
    )


def _taxonomy(careers_toml: bytes, synonyms_toml: str) -> Taxonomy:
    """The generation's taxonomy with its synonyms (as the build read them)."""
    taxonomy = parse_taxonomy(careers_toml) if careers_toml else Taxonomy()
    if synonyms_toml:
        taxonomy = with_synonyms(taxonomy, synonyms_toml.encode("utf-8"), "synonyms.toml")
    return taxonomy
