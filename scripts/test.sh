#!/usr/bin/env bash
# The one test command (npm test): type-check, build, then unit, protocol, differential and
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
stamp "differential tests (against libxlutil, and xl itself through ../shared/oracle/xl-dryrun)"
node --import tsx --test test/differential/*.test.ts
if [ "${XLCFG_SKIP_E2E:-0}" != 1 ]; then
  stamp "end-to-end tests (real VS Code)"
  bash scripts/e2e.sh
fi
stamp "all tests passed"
