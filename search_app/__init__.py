"""course-search web app: the search page, the JSON API and the embeddable widget."""

from search_app.app import create_app

__all__ = ["create_app"]
