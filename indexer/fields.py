"""The index's fields, engine-neutral: what a Document is indexed as, and back.

Every backend indexes these fields (``indexer.backends.whoosh.schema`` declares them to Whoosh,
``indexer.backends.typesense.schema`` to Typesense); everything else sees
:class:`~indexer.models.Document`.
"""

from __future__ import annotations

import json
from typing import Any

import us

from indexer.models import Document
from indexer.taxonomy import Taxonomy

SCHEMA_VERSION = 7  # 3: career phrases as terms; 4: which add nothing to a field's length;
# 5: PyStemmer's Porter stems (indexer.analysis); 6: Whoosh's schema classes moved to
# indexer.backends.whoosh (an older index's pickled schema names their old modules); 7: numbers
# and "online" are stored and sort columns, no longer indexed
NO_VALUE = 2**31 - 1  # sort key of a missing cost or length: after every real value

# Searchable text fields and their boosts: title > careers > summary > body.
FIELD_BOOSTS: dict[str, float] = {
    "title": 4.0,
    "career_terms": 3.0,
    "summary": 2.0,
    "provider": 1.5,
    "place": 1.5,
    "body": 1.0,
}
FACET_FIELDS = ("careers", "location", "format", "kind", "state")


def to_fields(doc: Document, taxonomy: Taxonomy) -> dict[str, Any]:
    """The fields of a document, as the Whoosh backend indexes them (Typesense's start here)."""
    terms: list[str] = []
    for name in doc.careers:
        career = taxonomy.get(name)
        terms.extend(career.terms if career else [name])
    if taxonomy.synonyms is not None:  # synonyms.toml: also indexed under what it says it means
        terms.extend(taxonomy.synonyms.expansions(doc.title, doc.summary, doc.body))
    place = [doc.city or "", doc.state or "", "online" if doc.online else ""]
    if doc.state:
        found = us.states.lookup(doc.state)
        place.append(str(found.name) if found else "")
    fields: dict[str, Any] = {
        "id": doc.id,
        "source": doc.source,
        "kind": doc.kind,
        "title": doc.title,
        "career_terms": " . ".join(terms),
        "summary": doc.summary,
        "body": doc.body,
        "provider": doc.provider or "",
        "place": " ".join(p for p in place if p),
        "careers": ",".join(doc.careers),
        "online": doc.online,
        "cost_sort": NO_VALUE if doc.cost_usd is None else doc.cost_usd,
        "duration_sort": NO_VALUE if doc.duration_weeks is None else doc.duration_weeks,
        "published_sort": int((doc.published or "0").replace("-", "")[:8] or 0),
        "extra": json.dumps(_extra(doc)),
    }
    for name in ("location", "state", "format"):
        value = doc.location if name == "location" else getattr(doc, name)
        if value:
            fields[name] = value
    for name in ("cost_usd", "duration_weeks"):
        if getattr(doc, name) is not None:
            fields[name] = getattr(doc, name)
    return fields


def _extra(doc: Document) -> dict[str, Any]:
    return {
        "url": doc.url,
        "street": doc.street,
        "city": doc.city,
        "postal_code": doc.postal_code,
        "hours": doc.hours,
        "credential": doc.credential,
        "published": doc.published,
        "lat": doc.lat,
        "lon": doc.lon,
    }


def from_stored(stored: dict[str, Any]) -> Document:
    """A Document back from a hit's stored fields."""
    extra = json.loads(stored.get("extra") or "{}")
    careers = [c for c in (stored.get("careers") or "").split(",") if c]
    return Document(
        id=stored["id"],
        kind=stored.get("kind", "article"),
        title=stored.get("title", ""),
        source=stored.get("source", ""),
        url=extra.get("url"),
        summary=stored.get("summary", ""),
        body=stored.get("body", ""),
        careers=careers,
        provider=stored.get("provider") or None,
        street=extra.get("street"),
        city=extra.get("city"),
        state=stored.get("state"),
        postal_code=extra.get("postal_code"),
        online=bool(stored.get("online")),
        format=stored.get("format"),
        cost_usd=stored.get("cost_usd"),
        duration_weeks=stored.get("duration_weeks"),
        hours=extra.get("hours"),
        credential=extra.get("credential"),
        published=extra.get("published"),
        lat=extra.get("lat"),
        lon=extra.get("lon"),
    )
