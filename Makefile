# Dateline: `make demo` and `make test` are the two commands a new machine needs.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.dateline-installed
DB ?= db/timeline.db
PORT ?= 8001

.PHONY: install install-ds1 demo demo-seed ingest serve test test-ds065 test-ds1 lint browser bench clean

# The Datasette 1.0 line in a second venv: constraints.txt with datasette (and 0.65's asgi-csrf)
# replaced by constraints-ds1.txt. Only the plugin's tests run there (see test-ds1).
VENV_DS1 ?= .venv-ds1
BIN_DS1 := $(VENV_DS1)/bin
STAMP_DS1 := $(VENV_DS1)/.dateline-installed
PLUGIN_TESTS := tests/test_publish.py tests/test_browser.py tests/test_export.py \
	tests/test_serve_compat.py tests/test_publish_e2e.py \
	tests/test_pages.py tests/test_browser_pages.py

# Re-install only when the dependency declarations change.
$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

$(STAMP_DS1): pyproject.toml constraints.txt constraints-ds1.txt
	test -x $(BIN_DS1)/python || $(PYTHON) -m venv $(VENV_DS1)
	$(BIN_DS1)/python -m pip install --quiet --upgrade "pip>=24"
	grep -v -i -E '^(datasette|asgi-csrf)==' constraints.txt | cat - constraints-ds1.txt \
		> $(VENV_DS1)/constraints.txt
	$(BIN_DS1)/python -m pip install --quiet -c $(VENV_DS1)/constraints.txt -e ".[test]"
	touch $(STAMP_DS1)

install-ds1: $(STAMP_DS1)

ingest: install
	$(BIN)/dateline ingest $(DB) corpus/

serve: install
	$(BIN)/dateline serve $(DB) --host 127.0.0.1 --port $(PORT)

demo: ingest serve

# The seed article lives beside the repository (../shared), never in it: ingest it with corpus/.
SEED ?= ../shared/corpus/seed
demo-seed: install
	@test -d $(SEED) || { echo "demo-seed: $(SEED) not found (set SEED=DIR)" >&2; exit 1; }
	$(BIN)/dateline ingest $(DB) corpus/ $(SEED)
	$(BIN)/dateline serve $(DB) --host 127.0.0.1 --port $(PORT)

# Debian's Chromium for the Playwright browser tests (no browser download from a hub). Does
# nothing when a browser is already there; otherwise runs apt-get, through sudo when not root.
browser:
	@bash scripts/install-browser.sh

lint: install
	$(BIN)/ruff check pipeline tests benchmarks

# Both Datasette lines: the whole suite on 0.65, then the plugin's tests on 1.0.
test: test-ds065 test-ds1

test-ds065: install browser lint
	$(BIN)/python -m pytest -q -p no:cacheprovider

test-ds1: install-ds1 browser
	$(BIN_DS1)/python -m pytest -q -p no:cacheprovider -m "not slow" $(PLUGIN_TESTS)

bench: install
	$(BIN)/python benchmarks/throughput.py

clean:
	rm -rf $(VENV) $(VENV_DS1) $(DB) $(DB)-wal $(DB)-shm tests/artifacts
