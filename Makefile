# qinfo: two commands.
#   make demo   set up everything and run the demo (make demo ARGS="--scale small --no-serve")
#   make test   set up everything and run every check and test (SQLite, then PostgreSQL)
# Also: make lint, make test-sqlite, make test-postgres (PYTEST_ARGS="-k name" narrows pytest),
# make setup, make clean, make distclean.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
.NOTPARALLEL:

VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ARGS ?=
PYTEST_ARGS ?=

# Tests never read a developer's own database or settings.
TEST_ENV := env -u DATABASE_URL -u QINFO_DB -u QINFO_SECRET_KEY -u QINFO_DEMO QINFO_TESTING=1 \
	DJANGO_SETTINGS_MODULE=qinfo.settings
# Django's own checks need a database connection, not a file under var/.
CHECK_ENV := $(TEST_ENV) DATABASE_URL=sqlite://:memory:

.PHONY: help test demo setup lint test-sqlite test-postgres system-deps-test system-deps-python \
	clean distclean

help:
	@echo "make demo    set up everything and run the demo (ARGS=\"--scale small --no-serve\")"
	@echo "make test    set up everything; lint, then pytest on SQLite and on PostgreSQL side by side"
	@echo "make lint | test-sqlite | test-postgres (PYTEST_ARGS=...) | setup | clean | distclean"

# Every stage runs even when an earlier one fails, so one run shows everything to fix. After lint,
# the two pytest runs go side by side (each is one process; their databases and files are apart):
# SQLite's output as it comes, PostgreSQL's when it ends.
test: system-deps-test $(STAMP)
	@failed=""; \
	$(MAKE) --no-print-directory lint || failed="$$failed lint"; \
	log="$$(mktemp)"; \
	$(MAKE) --no-print-directory test-postgres >"$$log" 2>&1 & postgres=$$!; \
	$(MAKE) --no-print-directory test-sqlite || failed="$$failed test-sqlite"; \
	wait "$$postgres" || failed="$$failed test-postgres"; \
	echo "==== make test-postgres ===="; cat "$$log"; rm -f "$$log"; \
	if [[ -n "$$failed" ]]; then echo "make test: FAILED:$$failed" >&2; exit 1; fi; \
	echo "make test: passed (lint, SQLite, PostgreSQL)"

demo: system-deps-python $(STAMP)
	$(BIN)/qinfo demo $(ARGS)

setup: system-deps-test $(STAMP)

$(STAMP): pyproject.toml
	bash scripts/venv $(VENV) $(STAMP)

system-deps-test:
	@bash scripts/system-deps test

system-deps-python:
	@bash scripts/system-deps python

lint: $(STAMP)
	@failed=0; \
	run() { echo "+ $$*"; "$$@" || failed=1; }; \
	run $(BIN)/ruff check .; \
	run $(BIN)/ruff format --check .; \
	run $(TEST_ENV) $(BIN)/mypy qinfo bench; \
	run $(BIN)/lint-imports; \
	run $(CHECK_ENV) $(BIN)/django-admin check; \
	run $(CHECK_ENV) $(BIN)/django-admin makemigrations --check --dry-run; \
	exit $$failed

# Browser tests (Chromium) run here, against SQLite.
test-sqlite: $(STAMP)
	$(TEST_ENV) $(BIN)/pytest $(PYTEST_ARGS)

# The same suite against a real PostgreSQL server started for this run, and removed after it.
test-postgres: $(STAMP)
	$(TEST_ENV) bash scripts/with-postgres $(BIN)/pytest -m "not browser" $(PYTEST_ARGS)

clean:
	rm -rf .pytest_cache .mypy_cache .ruff_cache .import_linter_cache test-artifacts build \
		*.egg-info
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)
