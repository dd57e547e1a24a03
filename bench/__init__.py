"""Benchmarks for course-search and the seeded scale-corpus generator (``python -m bench``).

Nothing runs at import time: see :mod:`bench.__main__` for the command line.
"""
