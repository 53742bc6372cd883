#!/usr/bin/env bash
# Installs what `make test-browser` needs: Debian's chromium (apt) and the pinned npm tools
# (axe-core, Lighthouse) from package-lock.json. Idempotent and fast when both are present.
# Never `playwright install`: it downloads its own browser, which this network cannot reach.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

apt_updated=0
apt_install() {
    if [ "$(id -u)" -ne 0 ]; then
        echo "setup.sh: $* missing and installing needs root (apt-get install $*)" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    if [ "$apt_updated" -eq 0 ]; then apt-get update -qq; apt_updated=1; fi
    echo "setup.sh: apt-get install $*"
    apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

command -v chromium >/dev/null 2>&1 || apt_install chromium fonts-dejavu-core
# Node (Lighthouse 12 needs >= 18.16; Debian 12's nodejs is 18.19). Only when absent.
command -v npm >/dev/null 2>&1 || apt_install nodejs npm
chromium --version 2>/dev/null

# npm ci only when node_modules is older than the lock (the stamp is written after a good install).
stamp="$here/node_modules/.ci-stamp"
if [ ! -f "$stamp" ] || [ "$here/package-lock.json" -nt "$stamp" ]; then
    echo "setup.sh: npm ci in tests/browser"
    (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
    touch "$stamp"
fi
test -f "$here/node_modules/axe-core/axe.min.js"
test -f "$here/node_modules/lighthouse/cli/index.js"
echo "setup.sh: ready ($(node --version), lighthouse $(node -p "require('$here/node_modules/lighthouse/package.json').version"), axe-core $(node -p "require('$here/node_modules/axe-core/package.json').version"))"
