# Two commands on a fresh machine: `make demo` and `make test`. Both build .venv themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint bench realdata fuzz clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/finance-audit demo

lint: $(STAMP)
	$(BIN)/ruff check .

test: lint
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/matching_quality.py
	$(BIN)/python bench/matching_negatives.py
	$(BIN)/python bench/matching_scale.py
	$(BIN)/python bench/rules.py
	$(BIN)/python bench/report.py
	$(BIN)/python bench/end_to_end.py

# Checks over the full real files in ../shared/data (not part of `make test`).
realdata: $(STAMP)
	$(BIN)/python bench/realdata.py

clean:
	rm -rf $(VENV) out finance-audit.duckdb *.egg-info

# Fuzz the readers and cleaners for a while (not part of `make test`).
fuzz: $(STAMP)
	$(BIN)/python bench/fuzz.py --seconds 120
