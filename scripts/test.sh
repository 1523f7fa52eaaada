#!/usr/bin/env bash
# The one test command (npm test): type-check, lint, build, then unit, protocol, differential, editor
# (Neovim, Emacs) and end-to-end tests. Set XLCFG_SKIP_E2E=1 to stop before the (slower) real-VS-Code tests.
set -euo pipefail
cd "$(dirname "$0")/.."
t0=$SECONDS
stamp() { echo "=== [$((SECONDS - t0))s] $*"; }

stamp "type-check"
npx tsc -p tsconfig.json --noEmit
stamp "lint (Biome: lint and format; dependency-cruiser: the layers)"
npm run -s lint
stamp "build"
node scripts/build.mjs
stamp "unit tests"
node --import tsx --import ./test/fc-seed.ts --test test/unit/index.ts
stamp "protocol tests (the bundled server over JSON-RPC)"
node --import tsx --import ./test/fc-seed.ts --test test/protocol/*.test.ts
# The libxl IDL data is generated from a Xen checkout (the CPUID names are checked by a unit test).
xen_git="${XEN_GIT:-/work/.mirror/xen-project+xen/repo}"
if [ -d "$xen_git" ]; then
  stamp "generated libxl IDL data is current (scripts/gen-libxl-idl.ts --check)"
  node --import tsx scripts/gen-libxl-idl.ts --check --xen "$xen_git"
else
  stamp "skipped: libxl IDL currency check (no Xen checkout at $xen_git; set XEN_GIT)"
fi
# One test file at a time (node --test runs files in parallel on larger machines): the oracle's
# first-run setup, the libxlutil harness build and the editor tests' dist/ rebuilds would race.
stamp "differential tests (against libxlutil, and xl itself through ../shared/oracle/xl-dryrun)"
node --import tsx --test --test-concurrency=1 test/differential/*.test.ts
stamp "editor tests (the server in a real headless Neovim, and in Emacs through Eglot)"
# Debian's neovim, emacs-nox and elpa-eglot, installed here when missing and possible; each test
# skips with one line without its editor.
missing=()
command -v nvim >/dev/null || missing+=(neovim)
command -v emacs >/dev/null || missing+=(emacs-nox)
dpkg -s elpa-eglot >/dev/null 2>&1 || missing+=(elpa-eglot)
if ((${#missing[@]})); then
  SUDO=; [ "$(id -u)" = 0 ] || SUDO="sudo -n"
  { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >/dev/null 2>&1 \
    || echo "could not install ${missing[*]} (apt-get install ${missing[*]}); the tests needing them will skip"
fi
node --import tsx --test --test-concurrency=1 test/neovim/*.test.ts test/emacs/*.test.ts
if [ "${XLCFG_SKIP_E2E:-0}" != 1 ]; then
  stamp "end-to-end tests (real VS Code)"
  bash scripts/e2e.sh
fi
stamp "all tests passed"
