"""The Whoosh backend, read side: everything that reads a Whoosh index for the search service."""
