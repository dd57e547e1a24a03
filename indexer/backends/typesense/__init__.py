"""The Typesense backend, write side: its schema, collection metadata and build."""
