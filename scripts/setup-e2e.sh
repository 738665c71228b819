#!/usr/bin/env bash
# Installs what the browser and real-VS-Code tests need, once, into .cache/vscode (git-ignored):
# Debian chromium, ripgrep, libkrb5-dev and neovim, code-server 4.100.3 (VS Code 1.100.3) from npm.
# Idempotent and quiet when everything is already there. Only the npm registry and Debian are used.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR="$ROOT/.cache/vscode"
CS_VERSION=4.100.3
RG_PKG_VERSION=1.15.11
mkdir -p "$DIR"/{cs,tmp}

need_apt=()
[ -x /usr/lib/chromium/chromium ] || need_apt+=(chromium)
command -v rg >/dev/null || need_apt+=(ripgrep)
[ -e /usr/include/gssapi/gssapi.h ] || need_apt+=(libkrb5-dev)
# The language-server test drives Debian's Neovim (a real LSP client) headless.
command -v nvim >/dev/null || need_apt+=(neovim)
# A CJK font, so the zh-cn end-to-end test's screenshots show Chinese rather than boxes.
fc-list :lang=zh 2>/dev/null | grep -q . || need_apt+=(fonts-wqy-microhei)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup-e2e: apt-get install ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" pkg-config build-essential >/dev/null
  echo "setup-e2e: apt-get done in ${SECONDS} s"
fi

# @vscode/ripgrep would download from GitHub; seed its cache with Debian's rg instead.
RGC="$DIR/tmp/vscode-ripgrep-cache-$RG_PKG_VERSION"
if [ ! -f "$RGC/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" ]; then
  mkdir -p "$RGC" "$DIR/tmp/rg" && cp "$(command -v rg)" "$DIR/tmp/rg/rg"
  tar czf "$RGC/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$DIR/tmp/rg" rg
fi

if [ ! -x "$DIR/cs/node_modules/.bin/code-server" ]; then
  echo "setup-e2e: installing code-server $CS_VERSION (a few minutes, once)"
  cd "$DIR/cs"
  [ -f package.json ] || echo '{"name":"cs","private":true,"allowScripts":{"code-server":true,"argon2":true}}' > package.json
  TMPDIR="$DIR/tmp" npm_config_unsafe_perm=true npm_config_yes=true npm_config_nodedir=/usr \
    npm install --no-audit --no-fund --foreground-scripts "code-server@$CS_VERSION" > "$DIR/cs-install.log" 2>&1 \
    || { tail -40 "$DIR/cs-install.log"; exit 1; }
  echo "setup-e2e: code-server installed; setup took ${SECONDS} s in all"
fi
