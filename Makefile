# Two entry points: `make run` (index the bundled corpus, serve API + UI) and `make test`.
VENV   ?= .venv
PY     := $(VENV)/bin/python
ARCHIVE:= $(VENV)/bin/archive
PYTEST_ARGS ?=

.PHONY: setup run index serve ui test lint quality bench labels clean

setup: $(VENV)/.installed

# torch 2.13.0 first: it is the CPU build on this machine's disk; letting pip resolve torch
# through sentence-transformers would pull a multi-GB CUDA build.
$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

# Keyword search is ready within seconds; the API embeds the rest in the background with
# visible progress (GET /health, the UI's status bar). Ctrl-C stops both servers.
run: setup
	$(ARCHIVE) index corpus/ --keyword-only
	@echo "API on http://127.0.0.1:8000 (docs at /docs), UI on http://127.0.0.1:8501"
	@trap 'kill 0' INT TERM EXIT; $(ARCHIVE) serve & $(ARCHIVE) ui & wait

index: setup
	$(ARCHIVE) index corpus/

lint: setup
	$(VENV)/bin/ruff check indexer api ui tests benchmarks
	$(VENV)/bin/mypy indexer api

test: lint
	$(PY) -m pytest -q $(PYTEST_ARGS)

quality: setup
	$(PY) benchmarks/quality.py

labels: setup
	$(PY) benchmarks/labels_eval.py

bench: setup
	$(PY) benchmarks/bench.py

clean:
	rm -rf data .pytest_cache .mypy_cache .ruff_cache
