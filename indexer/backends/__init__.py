"""The write side of each search backend, one package each, picked by name.

Everything engine-neutral (collecting sources, parsing, normalising, the fields of a document)
is in :mod:`indexer`; a backend package holds all that writes to its engine. A third backend is
one more package here and one more line in :data:`BACKENDS`.
"""

from __future__ import annotations

import importlib
from types import ModuleType

# name -> the backend's write-side entry module: Whoosh's ``write`` (the write stage of
# indexer.build), Typesense's ``build_typesense`` (its own build, into a cluster)
BACKENDS: dict[str, str] = {
    "whoosh": "indexer.backends.whoosh.write",
    "typesense": "indexer.backends.typesense.index",
}


def backend(name: str) -> ModuleType:
    """The write module of a backend, imported only when asked for (Typesense's client is not
    needed to build a Whoosh index)."""
    try:
        return importlib.import_module(BACKENDS[name])
    except KeyError:
        raise ValueError(f"unknown backend {name!r}: one of {', '.join(BACKENDS)}") from None
