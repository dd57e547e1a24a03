"""The Typesense collections: names, the documents schema, the client, and Document conversion.

One alias (``course_search``) names the collection in service; each full build writes a new
collection ``course_search_000007`` and moves the alias to it. A small metadata collection
(``course_search__meta``) holds, per collection, what the Whoosh build keeps in its manifest:
per-source fingerprints, the taxonomy, places and vocabulary, so that any server can read them.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from dataclasses import dataclass
from typing import Any

from indexer.backends.whoosh.schema import analyzer
from indexer.fields import FIELD_BOOSTS, from_stored, to_fields
from indexer.models import Document
from indexer.taxonomy import Taxonomy

TS_SCHEMA_VERSION = 1
DEFAULT_ALIAS = "course_search"
# Text fields in ranking order; Typesense wants whole-number weights, so the boosts are doubled.
TEXT_FIELDS = tuple(FIELD_BOOSTS)
TEXT_WEIGHTS = tuple(round(FIELD_BOOSTS[f] * 2) for f in TEXT_FIELDS)
FACET_FIELDS = ("careers", "location", "state", "format", "kind")
# Split words on punctuation as our own folding does ("EMT-B" is "emt b", not "emtb").
TOKEN_SEPARATORS = list("-/'.,:;&+()[]{}!?\"|@#*~<>=%$\\^")
NO_VALUE = 2**31 - 1
_ANALYZER = analyzer()

# Sized to ride out a leader election (about 12 s): a dead node refuses at once and is skipped;
# a node that is up but has no leader answers 503, and is retried after the interval.
CONNECTION_TIMEOUT_S = 4.0
NUM_RETRIES = 12
RETRY_INTERVAL_S = 1.5


@dataclass(frozen=True)
class Cluster:
    """Where the index lives: every node of the cluster, the API key and the alias."""

    nodes: tuple[str, ...]
    api_key: str
    alias: str = DEFAULT_ALIAS

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> Cluster:
        raw = settings.get("TYPESENSE_NODES") or ""
        nodes = tuple(n.strip().rstrip("/") for n in str(raw).split(",") if n.strip())
        if not nodes:
            raise ValueError("TYPESENSE_NODES: give the cluster's node URLs, comma-separated")
        for node in nodes:
            if not re.fullmatch(r"https?://[^/\s]+:\d+", node):
                raise ValueError(f"TYPESENSE_NODES: {node!r} is not like http://127.0.0.1:8108")
        key = str(settings.get("TYPESENSE_API_KEY") or "")
        if not key:
            raise ValueError("TYPESENSE_API_KEY: the cluster's API key is required")
        alias = str(settings.get("TYPESENSE_ALIAS") or DEFAULT_ALIAS)
        return cls(nodes, key, alias)

    @property
    def meta(self) -> str:
        return f"{self.alias}__meta"

    def collection(self, number: int) -> str:
        return f"{self.alias}_{number:06d}"

    def number_of(self, name: str) -> int | None:
        """The generation number of one of our collections, else None."""
        match = re.fullmatch(rf"{re.escape(self.alias)}_(\d{{6,}})", name)
        return int(match.group(1)) if match else None


def make_client(cluster: Cluster, *, timeout: float = CONNECTION_TIMEOUT_S) -> Any:
    """A client that knows every node and retries long enough to outlast a leader election."""
    import typesense  # here, so that importing this module starts nothing

    return typesense.Client(
        {
            "nodes": list(cluster.nodes),
            "api_key": cluster.api_key,
            "connection_timeout_seconds": timeout,
            "num_retries": NUM_RETRIES,
            "retry_interval_seconds": RETRY_INTERVAL_S,
            "healthcheck_interval_seconds": 15,
        }
    )


def close_client(client: Any) -> None:
    """Close the client's connection pool (its sockets would otherwise wait for the GC)."""
    close = getattr(getattr(client, "api_call", None), "close", None)
    if callable(close):
        close()


def collection_schema(name: str) -> dict[str, Any]:
    def facet(field: str, kind: str = "string") -> dict[str, Any]:
        return {"name": field, "type": kind, "facet": True, "optional": True}

    def stored(field: str) -> dict[str, Any]:
        return {"name": field, "type": "string", "index": False, "optional": True}

    text = [{"name": f, "type": "string"} for f in TEXT_FIELDS]
    return {
        "name": name,
        "token_separators": TOKEN_SEPARATORS,
        "fields": [
            stored("doc_id"),
            stored("source"),
            stored("extra"),
            {"name": "kind", "type": "string", "facet": True},
            *text,
            facet("careers", "string[]"),
            facet("location"),
            facet("state"),
            facet("format"),
            {"name": "online", "type": "bool"},
            {"name": "cost_usd", "type": "int32", "optional": True},
            {"name": "duration_weeks", "type": "int32", "optional": True},
            {"name": "cost_sort", "type": "int32"},
            {"name": "duration_sort", "type": "int32"},
            {"name": "published_sort", "type": "int32"},
            {"name": "seq", "type": "int32"},  # write order: ties rank as in the Whoosh index
            {"name": "title_words", "type": "int32"},  # shorter titles first among equal matches
            {"name": "location_geo", "type": "geopoint", "optional": True},
        ],
    }


def meta_schema(name: str) -> dict[str, Any]:
    """One document per collection; everything but its name is stored, not indexed."""
    return {
        "name": name,
        "fields": [
            {"name": "collection", "type": "string", "facet": True},
            {"name": "revision", "type": "int32"},
        ],
    }


def doc_key(doc_id: str) -> str:
    """Typesense's id for a document: a hash, so any id of ours is safe in URLs and filters."""
    return hashlib.sha1(doc_id.encode("utf-8"), usedforsecurity=False).hexdigest()


def to_typesense(doc: Document, taxonomy: Taxonomy, seq: int) -> dict[str, Any]:
    fields = to_fields(doc, taxonomy)
    fields["seq"] = seq
    fields["title_words"] = sum(1 for _ in _ANALYZER(doc.title))
    fields["doc_id"] = doc.id
    fields["id"] = doc_key(doc.id)
    fields["careers"] = list(doc.careers)
    for name in ("cost_sort", "duration_sort", "published_sort"):
        fields[name] = min(int(fields[name]), NO_VALUE)
    if doc.kind == "program" and doc.lat is not None and doc.lon is not None:
        fields["location_geo"] = [doc.lat, doc.lon]
    return fields


def from_typesense(stored: dict[str, Any]) -> Document:
    careers = [str(c) for c in stored.get("careers") or []]
    doc = from_stored({**stored, "id": stored.get("doc_id") or stored["id"], "careers": ""})
    return dataclasses.replace(doc, careers=careers)
