#!/usr/bin/env bash
# Installs code-server (the VS Code 1.100.3 server + web workbench) using only the npm registry
# and Debian's ripgrep, for xlcfg's end-to-end tests.
#
#   install-code-server.sh <dir>   ->  <dir>/node_modules/code-server/out/node/entry.js
#
# Why not a plain `npm install code-server`: its postinstall runs `npm install` in lib/vscode, where
# @vscode/ripgrep downloads rg from api.github.com; offline that fails and aborts the install.
# So we install with scripts off and redo the postinstall's steps, taking rg from Debian.
# 4.100.3 is pinned because 4.103+ require Node 22 and its postinstall refuses other majors.
# Requires: node 20, npm, python3/make/g++ (node-gyp), libkrb5-dev (kerberos addon), rg.
set -euo pipefail
DIR=${1:?usage: install-code-server.sh <dir>}
CS_VERSION=${CS_VERSION:-4.100.3}
# node-gyp must build against local headers instead of downloading them: those of the node on PATH
# (<prefix>/include/node beside <prefix>/bin/node; /usr for Debian's nodejs).
if [ -z "${npm_config_nodedir:-}" ]; then
  node_prefix=$(dirname "$(dirname "$(node -p 'require("fs").realpathSync(process.execPath)')")")
  [ -f "$node_prefix/include/node/node.h" ] || {
    echo "install-code-server: no Node headers in $node_prefix/include/node; set npm_config_nodedir" >&2
    exit 1
  }
  export npm_config_nodedir=$node_prefix
fi
# The addon rebuilds below would otherwise prompt about allowScripts on newer npm.
export npm_config_yes=true
NPM=(npm --no-audit --no-fund --loglevel=error)

mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
cd "$DIR"
[ -f package.json ] || echo '{"private":true}' > package.json

echo "install-code-server: code-server@$CS_VERSION (scripts off)"
"${NPM[@]}" install --ignore-scripts "code-server@$CS_VERSION"
CS=$DIR/node_modules/code-server

echo "install-code-server: VS Code server dependencies"
cd "$CS/lib/vscode"
"${NPM[@]}" install --omit=dev --ignore-scripts
# Only the native addons need their build scripts; @parcel/watcher ships a prebuilt linux-x64 package.
"${NPM[@]}" rebuild @parcel/watcher @vscode/spdlog node-pty native-watchdog kerberos @vscode/deviceid

# Search and quick-open need rg where @vscode/ripgrep would have downloaded it.
mkdir -p node_modules/@vscode/ripgrep/bin
cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg

# The links code-server's own postinstall.sh creates.
ln -sfn node_modules node_modules.asar
ln -sfn code-linux.sh bin/remote-cli/code-server
ln -sfn browser-linux.sh bin/helpers/browser.sh

echo "install-code-server: built-in extensions' runtime dependencies"
cd extensions
"${NPM[@]}" install --omit=dev --ignore-scripts

# argon2 is code-server's own native dependency (password auth; loaded at startup even with auth none).
cd "$DIR"
"${NPM[@]}" rebuild argon2

# Even --version writes ~/.config/code-server/config.yaml unless XDG_CONFIG_HOME points elsewhere.
XDG_CONFIG_HOME="$DIR/.xdg" XDG_DATA_HOME="$DIR/.xdg" node "$CS/out/node/entry.js" --version
