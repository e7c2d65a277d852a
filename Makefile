# Two entry points for a fresh machine with only Python 3 and make:
#   make run    set up, extract the bundled corpus to out/ and print a summary + quality table
#   make test   set up, lint, type-check and run the tests
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
OUT    ?= out
FORMAT ?= csv

.PHONY: setup run test lint bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

run: setup
	$(BIN)/bpextract extract corpus -o $(OUT) --format $(FORMAT)
	$(BIN)/bpextract check corpus
	$(BIN)/bpextract check corpus/tasks
	$(BIN)/bpextract check corpus/tables

lint: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python benchmarks/bench_corpus.py

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .mypy_cache .ruff_cache
