# Two commands set everything up on a fresh clone: `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-memorybook

.PHONY: site test lint serve clean

$(STAMP): pyproject.toml setup.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -qq --upgrade pip
# -qq: errors only; setuptools notes on every editable install that it uses an import hook.
	$(BIN)/python -m pip install -qq -e '.[test]'
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/memorybook check --strict
	$(BIN)/memorybook build --strict
# The book goes into the built site, after `build` (which empties site/); its page links it.
	$(BIN)/memorybook book -o site/book/anniversary-book.pdf

test: $(STAMP)
	$(BIN)/python -m pytest -n 2

# Preview on this computer only (127.0.0.1:8000), rebuilt whenever an entry is saved.
serve: $(STAMP)
	$(BIN)/memorybook serve

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

clean:
	rm -rf site .cache
