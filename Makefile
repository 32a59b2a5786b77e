# Two commands set everything up on a fresh clone: `make site` and `make test`.
# Each installs only what it needs: `site` memorybook itself, `test` adds the test and lint
# tools, `docs` the user guide's tools; a stamp per layer, so `make site` then `make test`
# installs just the rest.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-memorybook
TEST_STAMP := $(VENV)/.installed-test
DOCS_STAMP := $(VENV)/.installed-docs

.PHONY: site test lint serve docs screenshots clean

$(STAMP): pyproject.toml setup.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -qq --upgrade pip
# -qq: errors only; setuptools notes on every editable install that it uses an import hook.
	$(BIN)/python -m pip install -qq -e .
	touch $(STAMP)

$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install -qq -e '.[test]'
	touch $(TEST_STAMP)

$(DOCS_STAMP): $(STAMP)
	$(BIN)/python -m pip install -qq -e '.[docs]'
	touch $(DOCS_STAMP)

site: $(STAMP)
	$(BIN)/memorybook check --strict
	$(BIN)/memorybook build --strict
# The book goes into the built site, after `build` (which empties site/); its page links it.
	$(BIN)/memorybook book -o site/book/anniversary-book.pdf

test: $(TEST_STAMP)
	$(BIN)/python -m pytest -n 2

# Preview on this computer only (127.0.0.1:8000), rebuilt whenever an entry is saved.
serve: $(STAMP)
	$(BIN)/memorybook serve

lint: $(TEST_STAMP)
	$(BIN)/ruff check src tests bench docs
	$(BIN)/ruff format --check src tests bench docs
	$(BIN)/mypy

# The user guide (docs/) into docs-site/; --strict: any broken link or anchor fails it.
docs: $(DOCS_STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict -f docs/mkdocs.yml

# The guide's pictures, from the sample journal: the site in Chromium (through Playwright,
# from the test tools), the book's spreads (pdftoppm).
screenshots: $(TEST_STAMP)
	$(BIN)/python docs/screenshots.py

clean:
	rm -rf site .cache docs-site
