# Dateline: `make demo` and `make test` are the two commands a new machine needs.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.dateline-installed
DB ?= db/timeline.db
PORT ?= 8001

.PHONY: install demo demo-seed ingest serve test lint browser bench clean

# Re-install only when the dependency declarations change.
$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

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

test: install browser lint
	$(BIN)/python -m pytest -q -p no:cacheprovider

bench: install
	$(BIN)/python benchmarks/throughput.py

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm tests/artifacts
