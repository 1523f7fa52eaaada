#!/usr/bin/env bash
# The one test command (npm test): type-check, build, then unit, protocol, differential, Neovim and
# end-to-end tests. Set XLCFG_SKIP_E2E=1 to stop before the (slower) real-VS-Code tests.
set -euo pipefail
cd "$(dirname "$0")/.."
t0=$SECONDS
stamp() { echo "=== [$((SECONDS - t0))s] $*"; }

stamp "type-check"
npx tsc -p tsconfig.json --noEmit
stamp "build"
node scripts/build.mjs
stamp "unit tests"
node --import tsx --import ./test/fc-seed.ts --test test/unit/*.test.ts
stamp "protocol tests (the bundled server over JSON-RPC)"
node --import tsx --import ./test/fc-seed.ts --test test/protocol/*.test.ts
stamp "differential tests (against libxlutil)"
node --import tsx --test test/differential/*.test.ts
stamp "Neovim test (the server in a real headless Neovim)"
# Debian's neovim, installed here when missing and possible; the test skips with one line without it.
if ! command -v nvim >/dev/null; then
  SUDO=; [ "$(id -u)" = 0 ] || SUDO="sudo -n"
  { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends neovim; } >/dev/null 2>&1 \
    || echo "neovim could not be installed (apt-get install neovim); the Neovim test will skip"
fi
node --import tsx --test test/neovim/*.test.ts
if [ "${XLCFG_SKIP_E2E:-0}" != 1 ]; then
  stamp "end-to-end tests (real VS Code)"
  bash scripts/e2e.sh
fi
stamp "all tests passed"
