# kyr: the two commands are `make demo` and `make test`; both set everything up first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: setup demo test lint bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml scripts/setup-system.sh
	bash scripts/setup-system.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

demo: setup
	$(BIN)/kyr build

test: setup
	$(BIN)/ruff check kyr tests scripts
	$(BIN)/pytest -q

bench: setup
	$(BIN)/python scripts/benchmark.py

clean:
	rm -rf $(VENV) output
