#!/usr/bin/env bash
# Debian's Chromium for the Playwright browser tests. Playwright's own browser download comes
# from a CDN we do not use; the distribution package is signed, cached and offline-friendly.
set -euo pipefail

CHROMIUM="${DATELINE_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
    exit 0
fi
# Another Chromium on PATH: say how to use it rather than installing a second one.
for other in chromium chromium-browser google-chrome; do
    if command -v "$other" >/dev/null 2>&1; then
        echo "install-browser: found $(command -v "$other"); run the tests with" \
             "DATELINE_CHROMIUM=$(command -v "$other")" >&2
        exit 0
    fi
done
echo "install-browser: no Chromium at $CHROMIUM; installing Debian's chromium package" \
     "with apt-get (sudo is used when not root)" >&2
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-browser: no apt-get here; install Chromium and set DATELINE_CHROMIUM" >&2
    exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
# Several agents or jobs may run apt at once; wait for the dpkg lock instead of failing.
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends chromium \
    fonts-dejavu-core
test -x "$CHROMIUM" || { echo "install-browser: $CHROMIUM still missing" >&2; exit 1; }
