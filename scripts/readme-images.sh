#!/usr/bin/env bash
# Refreshes the README's screenshots from a real run of the UI test (VS Code 1.100 in code-server):
#   bash scripts/readme-images.sh          # runs scripts/e2e.sh first
#   bash scripts/readme-images.sh --no-run # copies from the last run's .e2e/shots/
# The UI test saves readme-*.png at the moments the README shows; they are copied unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${1:-}" = --no-run ] || bash scripts/e2e.sh
for name in editor hover quickfix preview; do
  shot=.e2e/shots/readme-$name.png
  [ -s "$shot" ] || { echo "missing $shot: did the UI test reach that step?" >&2; exit 1; }
  cp "$shot" "docs/images/$name.png"
  echo "docs/images/$name.png <- $shot"
done
