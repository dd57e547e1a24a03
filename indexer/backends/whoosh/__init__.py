"""The Whoosh backend, write side: its schema, phrase marks, segment writer and build."""
