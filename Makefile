# kyr: the two commands are `make demo` and `make test`; both set everything up first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# The newest versions pyproject.toml's ranges allow, in a venv of their own (make test-latest).
LATEST := .venv-latest

.PHONY: setup browser-checks demo test test-slow test-latest lock fuzz bench bench-national fit-results goldens readme-cli clean

setup: $(VENV)/.installed browser-checks

# axe-core for the browser tests (tests/test_site_browser.py), pinned with its integrity
# hash in tests/web/package-lock.json; without npm the setup goes on and that check skips.
browser-checks:
	@if command -v npm >/dev/null 2>&1; then \
		[ tests/web/node_modules/.package-lock.json -nt tests/web/package-lock.json ] || \
		npm ci --prefix tests/web --ignore-scripts --no-audit --no-fund --loglevel=error || \
		echo "npm ci failed: the axe-core check in tests/test_site_browser.py will be skipped"; \
	else echo "npm not found: the axe-core check in tests/test_site_browser.py will be skipped"; fi

# Exact versions with hashes from requirements.lock (pip-tools; `make lock` refreshes it),
# then kyr itself, editable, with nothing more resolved.
$(VENV)/.installed: requirements.lock pyproject.toml setup.py scripts/setup-system.sh
	bash scripts/setup-system.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

demo: setup
	$(BIN)/kyr build
	@echo "The PDFs are in output/. Run kyr yourself: $(BIN)/kyr --help (or . $(BIN)/activate)"

# --dist loadfile: each test file on one worker, so a module's shared build (a fixture)
# is made once, not once per worker; the files go out in collection order, the longest
# first (tests/conftest.py LONGEST_FILES), so no long file ends the run alone.
test: setup
	$(BIN)/ruff check kyr tests scripts setup.py
	$(BIN)/mypy kyr
	$(BIN)/pytest -q -n auto --dist loadfile --no-loadscope-reorder -m "not slow"

# The exhaustive checks (every product x language x paper), the installed wheel, kills,
# the fit check against builds, 1,000 fuzz examples each; on every core (pytest-xdist).
test-slow: setup
	$(BIN)/pytest -q -n auto -m slow

# The suite on the newest releases pyproject.toml allows, so drift shows here before a
# refreshed lock (or a user's pip install) meets it.
test-latest:
	bash scripts/setup-system.sh
	rm -rf $(LATEST)
	$(PYTHON) -m venv $(LATEST)
	$(LATEST)/bin/pip install --quiet --upgrade --upgrade-strategy eager -e '.[test]'
	$(LATEST)/bin/pip list --format=freeze > $(LATEST)/versions.txt
	$(LATEST)/bin/ruff check kyr tests scripts setup.py
	$(LATEST)/bin/mypy kyr
	$(LATEST)/bin/pytest -q -n auto --dist loadfile --no-loadscope-reorder -m "not slow" -p no:cacheprovider

# Re-resolves requirements.lock from pyproject.toml's ranges (pip-tools, in a venv of its own).
lock:
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet pip-tools==7.6.2
	.venv-lock/bin/pip-compile --quiet --upgrade --generate-hashes --allow-unsafe \
		--strip-extras --extra test --all-build-deps --output-file requirements.lock pyproject.toml

# The fuzz tests (configuration, catalog, manifest, shard record, template, products.toml),
# 10,000 examples each by default.
FUZZ_EXAMPLES ?= 10000
fuzz: setup
	KYR_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/pytest -q tests/test_fuzz_loaders.py \
		--hypothesis-show-statistics

bench: setup
	$(BIN)/python scripts/benchmark.py

# A national network: 1, 10, 100 and 300 chapters' card sheets in every language, each
# chapter with its own details; one build and two shards (CHAPTERS=1,10 for a short run).
CHAPTERS ?= 1,10,100,300
bench-national: setup
	$(BIN)/python scripts/bench_national.py --chapters $(CHAPTERS)

# The fit check's results shipped with kyr (locales/fit-results.json); a test says when.
fit-results: setup
	$(BIN)/python scripts/refresh_fit_results.py

# Rewrite the golden files (tests/goldens: each template's HTML, a few low-resolution
# pictures) from the current output, after an intended change; then read `git diff tests/goldens`.
goldens: setup
	$(BIN)/pytest -q -p no:cacheprovider tests/test_goldens.py --update-goldens

# Rewrite the README's CLI reference (each command's --help) from the CLI.
readme-cli: setup
	$(BIN)/python scripts/cli_reference.py

clean:
	rm -rf $(VENV) $(LATEST) .venv-lock output build dist *.egg-info
