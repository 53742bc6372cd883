# pzhao-portfolio: the command surface. Only python3 and make are assumed; the rest is installed here.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
UV_VERSION := 0.13.8
UV := $(BIN)/uv
LOCK := requirements/dev.txt
DOCS_LOCK := requirements/docs.txt
HTML := docs/_build/html
# Pickled doctrees stay beside the site, never inside it: the html folder is published as it is.
DOCTREES := docs/_build/doctrees
SPHINXOPTS ?= -n -W --keep-going
TORCH_VERSION := 2.13.0
PAPER ?= letter

.PHONY: help venv html serve test test-browser lint format lock bench torch pdf-private clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-13s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

# The stamp is rebuilt (and the venv refreshed) only when pyproject or the lock changed.
$(STAMP): pyproject.toml $(LOCK)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	$(UV) pip install --quiet --compile-bytecode --python $(BIN)/python -r $(LOCK)
	$(UV) pip install --quiet --python $(BIN)/python --no-deps -e .
	@touch $@

venv: $(STAMP) ## Create or refresh .venv from the lock

html: $(STAMP) ## Build the site into docs/_build/html
	$(BIN)/sphinx-build $(SPHINXOPTS) -b html -d $(DOCTREES) docs $(HTML)
	@echo "Open file://$(CURDIR)/$(HTML)/index.html"

serve: $(STAMP) ## Live-reloading preview on http://127.0.0.1:8000 (warnings shown, not fatal)
	$(BIN)/sphinx-autobuild -n --keep-going --host 127.0.0.1 --port 8000 --watch src -d $(DOCTREES) docs $(HTML)

test: $(STAMP) ## Run the whole test suite on every core (builds the site once per worker, in a temp dir)
	$(BIN)/python -m pytest -n auto

test-browser: $(STAMP) ## Check the built site in a real Chromium (installs chromium and npm tools)
	bash tests/browser/setup.sh
	$(BIN)/python -m pytest -p no:cacheprovider -m browser --timeout=600 tests/browser

lint: $(STAMP) ## ruff check, ruff format --check, mypy --strict on src
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP) ## Apply ruff's fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

lock: ## Re-resolve the locks from pyproject.toml (needs the network to PyPI)
	@test -x $(UV) || { test -x $(BIN)/python || $(PYTHON) -m venv $(VENV); $(BIN)/python -m pip install --quiet "uv==$(UV_VERSION)"; }
	$(UV) pip compile pyproject.toml --quiet --universal --fork-strategy fewest --python-version 3.11 \
		--extra docs --extra dev --extra test --extra bench -o $(LOCK)
	$(UV) pip compile pyproject.toml --quiet --universal --fork-strategy fewest --python-version 3.11 \
		--extra docs -c $(LOCK) -o $(DOCS_LOCK)

torch: $(STAMP) ## Install the CPU PyTorch wheel for the optional learned-filter model
	$(BIN)/python -m pip install --quiet "torch==$(TORCH_VERSION)"

bench: $(STAMP) ## Run every benchmark in bench/ (writes bench/results and docs plots)
	@set -e; for f in bench/[a-z]*.py; do echo "== $$f"; $(BIN)/python $$f; done

pdf-private: $(STAMP) ## Your private PDF: the data plus docs/resume.local.yaml (phone etc.), never published
	@test -f docs/resume.local.yaml || { echo "docs/resume.local.yaml is missing: see docs/reference/resume-data.md (Private fields)" >&2; exit 2; }
	@mkdir -p docs/_build/private
	$(BIN)/python -m portfolio.resume export -f pdf --paper $(PAPER) --overlay docs/resume.local.yaml \
		--public email,phone,github -o docs/_build/private/resume.pdf docs/resume.yaml

clean: ## Remove the build output and caches (keeps .venv)
	rm -rf docs/_build .pytest_cache .mypy_cache .ruff_cache .hypothesis
	find . -name __pycache__ -type d -prune -not -path './$(VENV)/*' -exec rm -rf {} +
