# Two commands are the whole set-up on a fresh Debian/Ubuntu machine:
#   make diagrams   installs what is missing, then builds every figure into build/ (and the gallery build/index.html)
#   make test       same set-up, then the test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
JOBS   ?=
THEMES ?= colorblind dark

.PHONY: setup system-deps bytecode diagrams themes test test-office lint readme watch bench clean

system-deps:
	@sh scripts/ensure-system-deps.sh

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

# the package's bytecode, written even where PYTHONDONTWRITEBYTECODE is set (as pip does for what it installs):
# every build worker would otherwise compile the engine's sources again (~0.15 s each); only stale files are redone
bytecode: $(STAMP)
	@$(BIN)/python -m compileall -q diagrams

setup: system-deps $(STAMP) bytecode

diagrams: setup
	$(BIN)/llm-rl-diagrams build --format svg,slides,png,pdf,pptx $(if $(JOBS),-j $(JOBS))

# every figure in the other themes too: build/themes/<name>/
themes: diagrams
	@for t in $(THEMES); do $(BIN)/llm-rl-diagrams build --theme $$t $(if $(JOBS),-j $(JOBS)) || exit 1; done

lint: setup
	$(BIN)/llm-rl-diagrams lint

# rewrite the figure lists of README.md and README_zh.md from the specs
readme: setup
	$(BIN)/llm-rl-diagrams readme

# rebuild on save; open build/index.html?watch
watch: setup
	$(BIN)/llm-rl-diagrams watch $(IDS)

test: setup
	$(BIN)/python -m pytest -q

# the opt-in LibreOffice checks (installs LibreOffice Draw and Impress, ~600 MB): docs/slides.md
test-office: setup
	@sh scripts/ensure-system-deps.sh office
	$(BIN)/python -m pytest -q -m slow

bench: setup
	$(BIN)/python scripts/bench.py

clean:
	rm -rf build
