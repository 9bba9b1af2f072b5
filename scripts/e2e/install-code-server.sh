#!/usr/bin/env bash
# Installs code-server (the real VS Code workbench with a Node extension host, from npm) into a cache
# folder, on machines that reach only the npm registry and Debian's packages. Idempotent: does nothing
# when the wanted version is already there. Used by the real-editor tests and by `npm start`.
#
#   bash scripts/e2e/install-code-server.sh [cache-dir]      (default: .e2e)
#
# code-server 4.100.3 is the last release whose engines.node is 20 (it ships VS Code 1.100.3). Its plain
# `npm install` needs four work-arounds here (see ../shared/docs/REAL-EDITOR-TESTS.md):
#   - npm_config_unsafe_perm=true   postinstall.sh refuses to run as root under npm otherwise
#   - TMPDIR with a seeded rg tarball  @vscode/ripgrep would download rg from api.github.com
#   - npm_config_yes=true            node-pty's postinstall runs `npx node-gyp`
#   - npm_config_nodedir=/usr        node-gyp would download Node headers from nodejs.org
# and Debian's libkrb5-dev (kerberos native module) and ripgrep.
set -euo pipefail
CACHE=$(realpath -m "${1:-.e2e}")
CS_VERSION=${CS_VERSION:-4.100.3}
CS_DIR=$CACHE/cs
TMP=$CACHE/tmp
mkdir -p "$TMP"
entry=$CS_DIR/node_modules/code-server/out/node/entry.js
if [ -f "$CS_DIR/node_modules/code-server/package.json" ] && \
   grep -q "\"version\": \"$CS_VERSION\"" "$CS_DIR/node_modules/code-server/package.json"; then
  echo "code-server $CS_VERSION already installed in $CS_DIR"
  exit 0
fi
missing=()
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
command -v rg >/dev/null || missing+=(ripgrep)
for p in python3 make g++; do command -v $p >/dev/null || missing+=($p); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "code-server needs these Debian packages: ${missing[*]} (apt-get install -y ${missing[*]})" >&2
  exit 1
fi
echo "installing code-server $CS_VERSION into $CS_DIR (about a minute) ..."
rm -rf "$CS_DIR"; mkdir -p "$CS_DIR"
echo '{"name":"smtp-log-e2e-code-server","private":true}' > "$CS_DIR/package.json"
RG_PKG=1.15.11; RG_VER=v13.0.0-10   # pinned by code-server 4.100.3's lib/vscode/npm-shrinkwrap.json
mkdir -p "$TMP/vscode-ripgrep-cache-$RG_PKG" "$TMP/rgstage"
cp "$(command -v rg)" "$TMP/rgstage/rg"
tar czf "$TMP/vscode-ripgrep-cache-$RG_PKG/ripgrep-$RG_VER-x86_64-unknown-linux-musl.tar.gz" -C "$TMP/rgstage" rg
if ! (cd "$CS_DIR" && TMPDIR=$TMP npm_config_unsafe_perm=true npm_config_yes=true npm_config_nodedir=/usr \
      npm_config_cache="$CACHE/npm-cache" npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false \
      npm install --foreground-scripts --no-save "code-server@$CS_VERSION" >"$TMP/code-server-install.log" 2>&1); then
  grep -nE 'ERR!|rror:|Please' "$TMP/code-server-install.log" | tail -20 >&2
  echo "code-server install failed; full log: $TMP/code-server-install.log" >&2
  exit 1
fi
test -f "$entry"
test -x "$CS_DIR/node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg"
echo "code-server $CS_VERSION installed"
