"""The Typesense backend, read side: the same requests answered by a Typesense cluster."""
