# The targets README.md and .ci/run name. `make run` and `make test` each do their
# own set-up from a fresh clone; the other targets are the steps they share.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2
CHROMIUM ?= /usr/bin/chromium
# Generated on first use and git-ignored, so `make run` keeps admin sessions across restarts.
SECRET_KEY_FILE := .secret_key
MANAGE = SECRET_KEY="$${SECRET_KEY:-$$(cat $(SECRET_KEY_FILE))}" $(BIN)/python manage.py
# Tests never need a real secret; DEBUG stays off so they see production behaviour.
PYTEST = SECRET_KEY=test-only-secret-key DEBUG=false $(BIN)/pytest

.PHONY: help install install-dev translations migrate fixtures static run superuser test lint \
	migrations-check test-sqlite test-postgres test-browser lock messages clean bench load-test

help:
	@echo "make run        install, migrate, load the fixtures and serve on http://$(HOST):$(PORT)/"
	@echo "make test       install the dev tools, lint, check migrations and run every test"
	@echo "make superuser  create a staff account for the admin"
	@echo "make bench      benchmark 100,000 agreements on PostgreSQL; writes docs/benchmarks.md"
	@echo "make load-test  60 s at concurrency 50 on PostgreSQL: no 5xx, no connection errors"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# One stamp per lock file: pip runs again only when the lock changes.
$(VENV)/.base-installed: requirements/base.txt | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements/base.txt
	touch $@

$(VENV)/.dev-installed: requirements/dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements/dev.txt
	touch $@ $(VENV)/.base-installed

install: $(VENV)/.base-installed $(SECRET_KEY_FILE)
install-dev: $(VENV)/.dev-installed $(SECRET_KEY_FILE)

$(SECRET_KEY_FILE):
	@umask 077 && $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

# The .po files are committed; the .mo files are built here, in pure Python.
translations: install
	$(MANAGE) compile_translations --verbosity 0

migrate: install
	$(MANAGE) migrate --no-input

fixtures: migrate
	$(MANAGE) load_directory

static: install
	$(MANAGE) collectstatic --no-input --verbosity 0

# No gunicorn access log: the app logs each request itself, without client addresses.
run: fixtures static translations
	@echo ""
	@echo "  The directory is at http://$(HOST):$(PORT)/"
	@echo "  Staff sign in at http://$(HOST):$(PORT)/admin/ -- create an account first with: make superuser"
	@echo ""
	SECRET_KEY="$${SECRET_KEY:-$$(cat $(SECRET_KEY_FILE))}" \
	ALLOWED_HOSTS="$${ALLOWED_HOSTS:-$(HOST),localhost,127.0.0.1}" \
		$(BIN)/gunicorn partnerships.wsgi --bind $(HOST):$(PORT) --workers $(WORKERS)

superuser: migrate
	$(MANAGE) createsuperuser

test: install-dev translations lint migrations-check test-sqlite test-postgres test-browser

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

migrations-check: install-dev
	$(MANAGE) makemigrations --check --dry-run

test-sqlite: install-dev translations
	@echo "=== pytest on SQLite ==="
	DATABASE_URL= $(PYTEST) -m "not browser"

test-postgres: install-dev translations
	@if [ -n "$(TEST_DATABASE_URL)" ]; then \
		echo "=== pytest on PostgreSQL ==="; \
		DATABASE_URL="$(TEST_DATABASE_URL)" $(PYTEST) -m "not browser"; \
	elif [ "$(CI)" = "true" ]; then \
		echo "FAIL: CI must run the suite on PostgreSQL, but TEST_DATABASE_URL is not set." >&2; exit 1; \
	else \
		echo "SKIPPED: the PostgreSQL run (set TEST_DATABASE_URL=postgres://user@host:5432/name)."; \
	fi

test-browser: install-dev translations
	@if [ -x "$(CHROMIUM)" ]; then \
		echo "=== real-browser tests (Chromium at $(CHROMIUM)) ==="; \
		DATABASE_URL= CHROMIUM="$(CHROMIUM)" $(PYTEST) -m browser; \
	elif [ "$(CI)" = "true" ]; then \
		echo "FAIL: CI must run the browser tests, but there is no Chromium at $(CHROMIUM)." >&2; exit 1; \
	else \
		echo "SKIPPED: the browser tests (install Debian's chromium or set CHROMIUM=/path/to/it)."; \
	fi

# Refresh locale/*/LC_MESSAGES/django.po after changing user-facing text (needs GNU gettext).
messages: install
	$(MANAGE) makemessages -l de -l ja --ignore=.venv --ignore=tests --ignore=staticfiles

# Regenerate the hash-pinned lock files after editing pyproject.toml.
PIP_COMPILE = /tmp/pip-tools/bin/pip-compile --quiet --generate-hashes --strip-extras \
	--allow-unsafe --no-emit-index-url --no-emit-find-links
lock:
	[ -x /tmp/pip-tools/bin/pip-compile ] || \
		($(PYTHON) -m venv /tmp/pip-tools && /tmp/pip-tools/bin/pip install --quiet pip-tools)
	$(PIP_COMPILE) -o requirements/base.txt pyproject.toml
	$(PIP_COMPILE) --extra dev -o requirements/dev.txt pyproject.toml

clean:
	rm -rf $(VENV) staticfiles

# Needs PostgreSQL and Redis on localhost; options and what it does: bench/README.md.
bench: install-dev $(SECRET_KEY_FILE)
	$(BIN)/python bench/run.py

# The same database and servers as bench; fails on any 5xx or connection error.
load-test: install-dev $(SECRET_KEY_FILE)
	$(BIN)/python bench/load.py
