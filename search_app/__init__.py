"""course-search web app: the search page, the JSON API and the embeddable widget.

``create_app`` is imported on first use, so that importing one module of the package (an engine,
say) does not import the whole app with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from search_app.app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from search_app.app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
