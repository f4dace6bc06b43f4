# Two commands are the whole set-up on a fresh Debian/Ubuntu machine:
#   make diagrams   installs what is missing, then builds every figure into build/
#   make test       same set-up, then the test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
JOBS   ?=

.PHONY: setup system-deps diagrams test lint bench clean

system-deps:
	@sh scripts/ensure-system-deps.sh

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

setup: system-deps $(STAMP)

diagrams: setup
	$(BIN)/llm-rl-diagrams build $(if $(JOBS),-j $(JOBS))

lint: setup
	$(BIN)/llm-rl-diagrams lint

test: setup
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python scripts/bench.py

clean:
	rm -rf build
