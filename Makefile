# The two commands of the README: `make demo` (main job) and `make test` (whole suite).
# Everything they need is installed from pinned packages by the targets below.
VENV ?= .venv
BIN := $(VENV)/bin
PYTHON ?= python3

.PHONY: install system demo test bench eval

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt pyproject.toml scripts/install-frontend package-lock.json
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	bash scripts/install-frontend
	touch $@

# Debian packages the tests need (headless Chromium, PostgreSQL server); a no-op when present.
system:
	bash scripts/install-system

demo: install
	$(BIN)/eventwire demo

test: install system
	$(BIN)/python -m pytest -q -p no:cacheprovider

bench: install
	$(BIN)/python bench/run.py

eval: install
	$(BIN)/python eval/run_dev.py
