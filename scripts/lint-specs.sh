#!/bin/sh
# The pre-commit hook: lint the figure specs given as arguments (validation + layout checks, writes nothing).
# Sets up .venv first when it is missing (make setup).
set -eu
cd "$(dirname "$0")/.."
[ -x .venv/bin/llm-rl-diagrams ] || make -s setup >&2
[ "$#" -gt 0 ] || exit 0
exec .venv/bin/llm-rl-diagrams lint "$@"
