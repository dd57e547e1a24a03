"""Everything that writes the course-search index: sources, parsing, normalising, building."""
