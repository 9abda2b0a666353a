# The two commands a newcomer needs: `make demo` and `make test` (see README.md).
# Everything runs from .venv, created on first use and refreshed when pyproject.toml changes.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
VENV_PY := $(VENV)/bin/python
# Touched after a successful install: pyproject.toml newer than it means "install again".
VENV_STAMP := $(VENV)/.installed
MANAGE := $(VENV_PY) example_site/manage.py

.DEFAULT_GOAL := help
.PHONY: help venv demo test lint format messages docs docs-serve wheel clean

help:
	@echo "make demo      install, migrate, load demo data, serve http://127.0.0.1:8000 + task cluster"
	@echo "make test      every check: lint, migrations, SQLite, PostgreSQL, browser, docs,"
	@echo "               Wagtail 7.4 and Django 6 legs, wheel install (STAGES=\"sqlite docs\" for some)"
	@echo "make lint      ruff check + ruff format --check"
	@echo "make format    ruff --fix + ruff format"
	@echo "make messages  refresh and compile the French catalogues (app, example intranet)"
	@echo "make docs      build the docs into site/ (strict)"

# Debian's python3 has no ensurepip (so no venv) until python3-venv is installed.
$(VENV_STAMP): pyproject.toml
	@test -x $(VENV_PY) || $(PYTHON) -c 'import ensurepip' 2>/dev/null || scripts/apt-install.sh python3-venv
	@test -x $(VENV_PY) || $(PYTHON) -m venv $(VENV)
	$(VENV_PY) -m pip install --quiet -e ".[testing,docs,production,email]"
	@touch $@

venv: $(VENV_STAMP)

demo: $(VENV_STAMP)
	scripts/demo.sh

test: $(VENV_STAMP)
	scripts/test.sh $(STAGES)

lint: $(VENV_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV_STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: $(VENV_STAMP)
	@command -v msgfmt >/dev/null || scripts/apt-install.sh gettext
	cd wagtail_advocacy && ../$(VENV)/bin/django-admin makemessages -l fr --ignore "migrations/*" --no-obsolete
	cd wagtail_advocacy && ../$(VENV)/bin/django-admin compilemessages -l fr
	cd example_site/intranet && ../../$(VENV)/bin/django-admin makemessages -l fr --ignore "migrations/*" --no-obsolete
	cd example_site/intranet && ../../$(VENV)/bin/django-admin compilemessages -l fr

docs: $(VENV_STAMP)
	$(VENV_PY) -m mkdocs build --strict

docs-serve: $(VENV_STAMP)
	$(VENV_PY) -m mkdocs serve

wheel: $(VENV_STAMP)
	$(VENV_PY) -m build --wheel

clean:
	rm -rf build dist site .venv-wagtail74 .venv-django6
