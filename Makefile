# Two entry points, both from a fresh checkout with only Python 3.11+:
#   make serve   install into .venv, build the index from corpus/ if there is none, serve :8000
#   make test    install with the test extras, then lint, type-check and run the whole suite
# Both install the exact versions pinned, with hashes, in requirements/*.txt (`make lock` writes
# them from pyproject.toml's ranges); `make audit` checks those pins against known advisories.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip
LOCK := requirements/runtime.txt
TEST_LOCK := requirements/test.txt
BENCH_LOCK := requirements/bench.txt
COMPILE := $(BIN)/uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes --quiet

.PHONY: serve test lint index lock audit clean

$(VENV)/.installed: pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet --require-hashes --no-deps -r $(LOCK)
	$(PIP) install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed $(TEST_LOCK)
	$(PIP) install --quiet --require-hashes --no-deps -r $(TEST_LOCK)
	touch $@

# The reference engines of `python -m bench` (tantivy), on top of the test pins.
$(VENV)/.installed-bench: $(VENV)/.installed-test $(BENCH_LOCK)
	$(PIP) install --quiet --require-hashes --no-deps -r $(BENCH_LOCK)
	touch $@

serve: $(VENV)/.installed
	$(BIN)/course-search serve

index: $(VENV)/.installed
	$(BIN)/course-search index

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

# Re-pin after changing a dependency in pyproject.toml (needs the test extras for uv).
# The runtime pins are the test pins' subset, so the suite runs on exactly what `serve` installs.
lock: $(VENV)/.installed-test
	$(COMPILE) --extra test -o $(TEST_LOCK)
	$(COMPILE) --constraint $(TEST_LOCK) -o $(LOCK)
	$(COMPILE) --extra bench --constraint $(TEST_LOCK) -o $(BENCH_LOCK)

audit: $(VENV)/.installed-test
	$(BIN)/python scripts/audit.py $(TEST_LOCK)

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
