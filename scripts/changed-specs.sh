#!/bin/sh
# Print the ids of the figure specs a branch adds or changes since it left BASE (default origin/main), on one
# line, space-separated; every id when the engine (diagrams/, templates/, pyproject.toml) changed; nothing when
# no figure is affected. Used by .github/workflows/figures.yml. Only reads git history.
set -eu
base="${1:-origin/main}"
cd "$(dirname "$0")/.."
changed=$(git diff --name-only --diff-filter=AMR "$base"...HEAD --)
if printf '%s\n' "$changed" | grep -Eq '^(diagrams/|templates/|pyproject\.toml$|specs/chapters\.yaml$)'; then
  files=$(ls specs/*/*.yaml 2>/dev/null || true)
else
  files=$(printf '%s\n' "$changed" | grep -E '^specs/[^/]+/[^/]+\.yaml$' || true)
fi
# ids are file names: keep only well-formed ones (they end up on a command line)
printf '%s\n' "$files" | sed -n 's#^specs/[^/]*/\([a-z0-9][a-z0-9-]*\)\.yaml$#\1#p' | sort -u | tr '\n' ' ' | sed 's/ $//'
echo
