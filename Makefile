# The commands the README opens with. Everything installs from this repository.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test bench lint format install services

run: install services  ## the product: web, worker and scheduler, with a demo tenant
	DEBUG=true $(BIN)/spiral dev

test: install services  ## the default test run (no benchmarks)
	$(BIN)/pytest

# Benchmarks use a test database of their own, so they never meet a test run.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/spiral_bench
BENCH_ARGS ?=

bench: install services  ## benchmarks, each against a baseline measured in the same run
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/pytest tests/benchmarks -o python_files='bench_*.py' -s -q -p no:logging $(BENCH_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/spiral makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml setup.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

services:
	bash infra/local-services.sh
