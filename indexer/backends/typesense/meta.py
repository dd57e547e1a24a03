"""What a Typesense generation knows about itself, stored in the cluster so every server reads
the same: the alias's target, and one metadata document per collection (fingerprints, taxonomy,
places, vocabulary), replaced whole in one write."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from indexer.backends.typesense.schema import Cluster, meta_schema
from indexer.vocabulary import MAX_WORDS

# Stored as JSON text: Typesense keeps fields that are not in the schema without indexing them.
JSON_FIELDS = ("corpora", "sources", "places", "vocabulary")


@dataclass
class Meta:
    collection: str
    revision: int = 0
    next_seq: int = 0  # the write order of the next document
    created: str = ""
    documents: int = 0
    schema: int = 0
    parser: int = 0
    taxonomy: str = ""  # the careers.toml fingerprint
    careers_toml: str = ""
    synonyms_toml: str = ""
    corpora: list[str] = field(default_factory=list)
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    places: dict[str, list[float]] = field(default_factory=dict)
    vocabulary: dict[str, int] = field(default_factory=dict)

    @property
    def generation(self) -> str:
        """What is in service: the collection, and how many times its metadata was written
        (an incremental build updates the collection in place)."""
        return generation_name(self.collection, self.revision)

    def to_document(self) -> dict[str, Any]:
        top = dict(Counter(self.vocabulary).most_common(MAX_WORDS))
        values = {**self.__dict__, "vocabulary": top}
        out: dict[str, Any] = {"id": self.collection}
        for key, value in values.items():
            out[key] = json.dumps(value, separators=(",", ":")) if key in JSON_FIELDS else value
        return out

    @classmethod
    def from_document(cls, data: dict[str, Any]) -> Meta:
        known = set(cls.__dataclass_fields__)
        values: dict[str, Any] = {}
        for key, value in data.items():
            if key in known:
                values[key] = json.loads(value) if key in JSON_FIELDS else value
        return cls(**values)


def generation_name(collection: str, revision: int) -> str:
    return f"{collection}.r{revision}"


def _not_found(exc: Exception) -> bool:
    return type(exc).__name__ == "ObjectNotFound"


def alias_target(client: Any, cluster: Cluster) -> str | None:
    """The collection in service, or None when nothing was ever published."""
    try:
        found = client.aliases[cluster.alias].retrieve()
    except Exception as exc:
        if _not_found(exc):
            return None
        raise
    return str(found["collection_name"])


def ensure_meta(client: Any, cluster: Cluster) -> None:
    try:
        client.collections[cluster.meta].retrieve()
    except Exception as exc:
        if not _not_found(exc):
            raise
        try:
            client.collections.create(meta_schema(cluster.meta))
        except Exception as again:
            if type(again).__name__ != "ObjectAlreadyExists":
                raise


def read_meta(client: Any, cluster: Cluster, collection: str) -> Meta | None:
    try:
        data = client.collections[cluster.meta].documents[collection].retrieve()
    except Exception as exc:
        if _not_found(exc):
            return None
        raise
    return Meta.from_document(data)


def read_revision(client: Any, cluster: Cluster, collection: str) -> int | None:
    """The metadata's revision alone (a cheap check for an incremental update)."""
    try:
        found = client.collections[cluster.meta].documents.search(
            {
                "q": "*",
                "filter_by": f"collection:=[`{collection}`]",
                "include_fields": "revision",
                "per_page": 1,
            }
        )
    except Exception as exc:
        if _not_found(exc):
            return None
        raise
    hits = found.get("hits") or []
    return int(hits[0]["document"]["revision"]) if hits else None


def write_meta(client: Any, cluster: Cluster, meta: Meta) -> None:
    client.collections[cluster.meta].documents.upsert(meta.to_document())


def delete_meta(client: Any, cluster: Cluster, collection: str) -> None:
    try:
        client.collections[cluster.meta].documents[collection].delete()
    except Exception as exc:
        if not _not_found(exc):
            raise
