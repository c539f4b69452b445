# Two commands on a fresh machine: `make demo` and `make test`. Both build .venv themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PEERS := .venv-peers
PEERS_STAMP := $(PEERS)/.installed

.PHONY: install demo test lint bench bench-peers realdata fuzz clean

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

# Our matcher against OpenSanctions' nomenklatura algorithms on matching_quality's sample.
# nomenklatura is no dependency of the tool: it gets a venv of its own, for this bench only.
$(PEERS_STAMP): Makefile
	test -x $(PEERS)/bin/python || $(PYTHON) -m venv $(PEERS)
	$(PEERS)/bin/python -m pip install --quiet --disable-pip-version-check \
		nomenklatura==4.17.4 polars==2.1.0
	touch $(PEERS_STAMP)

bench-peers: $(STAMP) $(PEERS_STAMP)
	$(BIN)/python bench/matching_peers.py

# Checks over the full real files in ../shared/data (not part of `make test`).
realdata: $(STAMP)
	$(BIN)/python bench/realdata.py

clean:
	rm -rf $(VENV) $(PEERS) out finance-audit.duckdb *.egg-info

# Fuzz the readers and cleaners for a while (not part of `make test`).
fuzz: $(STAMP)
	$(BIN)/python bench/fuzz.py --seconds 120
