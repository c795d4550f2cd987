# kyr: the two commands are `make demo` and `make test`; both set everything up first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: setup demo test test-slow fuzz bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml setup.py scripts/setup-system.sh
	bash scripts/setup-system.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

demo: setup
	$(BIN)/kyr build
	@echo "The PDFs are in output/. Run kyr yourself: $(BIN)/kyr --help (or . $(BIN)/activate)"

test: setup
	$(BIN)/ruff check kyr tests scripts setup.py
	$(BIN)/mypy kyr
	$(BIN)/pytest -q -m "not slow"

# Builds the wheel, installs it in a fresh venv outside the checkout and runs it there.
test-slow: setup
	$(BIN)/pytest -q -s -m slow

# The loaders' fuzz tests (configuration, catalog, manifest) with many more examples.
FUZZ_EXAMPLES ?= 3000
fuzz: setup
	KYR_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/pytest -q tests/test_fuzz_loaders.py \
		--hypothesis-show-statistics

bench: setup
	$(BIN)/python scripts/benchmark.py

clean:
	rm -rf $(VENV) output build dist *.egg-info
