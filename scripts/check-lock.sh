#!/usr/bin/env bash
# Fail when pyproject.toml asks for something the hashed locks do not satisfy.
# uv keeps the versions already pinned, so a fresh compile differs only when
# pyproject.toml changed without `make lock`.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for spec in "requirements.lock:" "requirements-dev.lock:--extra dev"; do
  lock=${spec%%:*}
  extra=${spec#*:}
  cp "$lock" "$tmp/$lock"
  # shellcheck disable=SC2086
  .venv/bin/uv pip compile --quiet pyproject.toml --generate-hashes $extra -o "$tmp/$lock"
  if ! diff -q <(grep -v '^#' "$lock") <(grep -v '^#' "$tmp/$lock") >/dev/null; then
    echo "$lock is stale: pyproject.toml changed. Run 'make lock' and commit the result." >&2
    diff <(grep -v '^#' "$lock") <(grep -v '^#' "$tmp/$lock") | head -20 >&2
    exit 1
  fi
done
echo "Locks are up to date."
