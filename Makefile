# support-console: `make run` starts the console on demo data, `make test` runs every test.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test bench lint screenshots install install-test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-install whenever pyproject.toml changes (the stamp is older than it).
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

run: install
	$(BIN)/support-console --demo

test: install-test
	$(BIN)/python -m pytest -q -p no:cacheprovider

# Every benchmark, the soak's full 8-hour day included (~1 h in all; SOAK_DAY=short for a quick
# run): bench/results.json and a table of figures, floors, ratios and targets.
bench: install-test
	$(BIN)/python bench/run.py --timeout 7200

# ruff; mypy (strict on console/rules and console/services, basic elsewhere: pyproject.toml);
# import-linter's layer contracts (DESIGN.md: rules and models import no UI, screens reach the
# DB through services).
lint: install-test
	$(BIN)/ruff check console tests bench
	$(BIN)/mypy --cache-dir .mypy_cache
	$(BIN)/lint-imports --no-cache

# docs/screenshots/*.svg for the README, from the seeded demo at a frozen clock.
screenshots: install-test
	$(BIN)/python docs/make_screenshots.py

# Everything the console and the build wrote; the reference files in data/ stay.
clean:
	rm -rf $(VENV) data/demo.db* data/console.db* data/console-errors.log* data/.cache \
		data/reports data/exports .pytest_cache .mypy_cache *.egg-info
