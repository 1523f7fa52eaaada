#!/usr/bin/env bash
# End-to-end tests of xlcfg in a real VS Code (code-server 4.100.3 = VS Code 1.100.3):
#   1. extension-API tests: mocha in the extension host, started by @vscode/test-electron's runTests
#      through test/e2e/code-standin.mjs (the extension loaded from this checkout);
#   2. UI test: playwright-core + Debian chromium against code-server with the packaged .vsix installed.
# Works from a fresh clone as root with no stdin (CI): installs missing apt packages, code-server
# (into ${CODE_SERVER_DIR:-.e2e/code-server-4.100.3}, reused once complete) and node_modules.
# Prints `e2e: N passed, N failed` last and exits non-zero on any failure.
# Artifacts: .e2e/shots/*.png, .e2e/logs/ (install log, test output, code-server logs).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=$ROOT/.e2e
LOGS=$WORK/logs
SHOTS=$WORK/shots
CS_VERSION=4.100.3
CODE_SERVER_DIR=${CODE_SERVER_DIR:-$WORK/code-server-$CS_VERSION}
export CODE_SERVER_ENTRY=$CODE_SERVER_DIR/node_modules/code-server/out/node/entry.js
mkdir -p "$WORK/tmp" "$LOGS" "$SHOTS"
rm -f "$SHOTS"/*.png "$LOGS"/*   # artifacts describe this run only
export TMPDIR=$WORK/tmp   # playwright's temporary chromium profiles go here, not to /tmp
export XLCFG_E2E_SHOTS=$SHOTS
t0=$SECONDS
stamp() { echo "=== e2e [$((SECONDS - t0))s] $*"; }

stamp "system packages"
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v rg >/dev/null || missing+=(ripgrep)                          # replaces @vscode/ripgrep's download
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)           # headers for code-server's kerberos addon
command -v make >/dev/null && command -v g++ >/dev/null || missing+=(make g++)  # node-gyp
command -v python3 >/dev/null || missing+=(python3)
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  # sudo -n never waits for a password: without root or password-less sudo it fails at once.
  SUDO=; [ "$(id -u)" = 0 ] || SUDO="sudo -n"
  { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    "${missing[@]}"; } > "$LOGS/apt.log" 2>&1 || {
    tail -30 "$LOGS/apt.log"
    echo "could not install ${missing[*]} (needs root or password-less sudo: apt-get install ${missing[*]})"
    echo "e2e: 0 passed, 1 failed"
    exit 1
  }
fi

stamp "code-server $CS_VERSION in $CODE_SERVER_DIR"
# The marker is written last, so an interrupted install is redone rather than half used.
if [ ! -f "$CODE_SERVER_DIR/.complete" ]; then
  rm -rf "$CODE_SERVER_DIR"
  CS_VERSION=$CS_VERSION timeout 420 bash scripts/install-code-server.sh "$CODE_SERVER_DIR" > "$LOGS/code-server-install.log" 2>&1 \
    || { tail -40 "$LOGS/code-server-install.log"; echo "e2e: 0 passed, 1 failed"; exit 1; }
  touch "$CODE_SERVER_DIR/.complete"
fi

stamp "node_modules, build, .vsix"
[ -d node_modules/@vscode/test-electron ] && [ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund
# (npx finds the pinned local vsce; node_modules is ensured just above.)
# vsce runs `vscode:prepublish` (the production build) before packing dist/.
if ! npx vsce package --no-dependencies --allow-missing-repository --no-rewrite-relative-links --skip-license -o "$WORK/xlcfg.vsix" > "$LOGS/vsce.log" 2>&1; then
  cat "$LOGS/vsce.log"; echo "e2e: 0 passed, 1 failed"; exit 1
fi
tail -1 "$LOGS/vsce.log"
# The API tests load the extension from this checkout's dist/, which now holds the production build
# the .vsix ships: the cold start they time is the one users get. (Its stacks are minified; for
# readable ones run `node scripts/build.mjs` and the API tests by hand, see test/e2e/README.md.)

set +e
# Hard caps keep a hung browser or server from eating CI's budget (each part takes ~30 s).
stamp "extension API tests (runTests + code stand-in)"
VSCODE_EXECUTABLE=$ROOT/test/e2e/code-standin.mjs XLCFG_E2E_RUN=$WORK/api XLCFG_E2E_TIMEOUT_MS=180000 \
  timeout --kill-after=10 200 node test/e2e/run-api.mjs 2>&1 | tee "$LOGS/api.out"
api_rc=${PIPESTATUS[0]}
cp "$WORK/api/user-data/code-server.log" "$LOGS/api-code-server.log" 2>/dev/null

stamp "UI test (packaged .vsix, playwright)"
XLCFG_E2E_RUN=$WORK/ui timeout --kill-after=10 200 node test/e2e/ui.mjs "$WORK/xlcfg.vsix" 2>&1 | tee "$LOGS/ui.out"
ui_rc=${PIPESTATUS[0]}
cp "$WORK/ui/code-server.log" "$LOGS/ui-code-server.log" 2>/dev/null
set -e

stamp "done"
# Sum each part's closing `<part>: N passed, N failed` line; a part that crashed before printing one
# still counts as a failure.
count() { # <part> <output file> -> "passed failed"
  local line; line=$(grep -hoE "^$1: [0-9]+ passed, [0-9]+ failed" "$2" | tail -1)
  [ -n "$line" ] && echo "$line" | awk '{print $2, $4}' || echo "0 0"
}
read -r ap af < <(count api "$LOGS/api.out")
read -r up uf < <(count ui "$LOGS/ui.out")
((api_rc == 0 || af > 0)) || af=1
((ui_rc == 0 || uf > 0)) || uf=1
echo "e2e: $((ap + up)) passed, $((af + uf)) failed"
((api_rc == 0 && ui_rc == 0))
