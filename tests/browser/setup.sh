#!/usr/bin/env bash
# Installs what `make test-browser` needs: Debian's chromium (apt) and the pinned npm tools
# (axe-core, Lighthouse) from package-lock.json. Idempotent and fast when both are present.
# Never `playwright install`: it downloads its own browser, which this network cannot reach.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "setup.sh: chromium is missing and installing it needs root (apt-get install chromium)" >&2
        exit 1
    fi
    echo "setup.sh: installing chromium from apt"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi
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
