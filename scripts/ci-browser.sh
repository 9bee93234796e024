#!/usr/bin/env bash
# CI: finds a Chrome or Chromium that works on this runner and writes PUPPETEER_EXECUTABLE_PATH to $GITHUB_ENV.
#   1. PUPPETEER_EXECUTABLE_PATH, when the runner sets it;
#   2. Google Chrome (preinstalled on GitHub-hosted Ubuntu runners), or a Chromium that is a real program — Ubuntu's
#      `chromium` and `chromium-browser` packages are stubs that ask for a snap, so they are never chosen;
#   3. else Puppeteer's own Chrome (`puppeteer browsers install`, needs downloads; with --install-deps as root).
# Exits 1, with the ways out, when none can be had.
set -euo pipefail

# A program that is neither a snap nor a script mentioning snap (the stub); prints its full path.
usable() {
  local path
  path="$(command -v "$1" 2>/dev/null)" || return 1
  path="$(readlink -f "$path")"
  case "$path" in /snap/*) return 1 ;; esac
  [ -x "$path" ] || return 1
  if [ "$(head -c 2 "$path")" = "#!" ] && grep -qi 'snap' "$path"; then return 1; fi
  echo "$path"
}

browser="${PUPPETEER_EXECUTABLE_PATH:-}"
if [ -z "$browser" ]; then
  for name in google-chrome-stable google-chrome chromium chromium-browser; do
    if browser="$(usable "$name")"; then break; fi
    browser=""
  done
fi
if [ -z "$browser" ]; then
  echo "No Chrome on this runner: installing Puppeteer's own."
  deps=()
  [ "$(id -u)" = 0 ] && deps=(--install-deps)
  browser="$(npx --no-install puppeteer browsers install chrome "${deps[@]}" --format '{{path}}' | tail -n 1)" ||
    browser=""
fi
if [ -z "$browser" ] || [ ! -x "$browser" ]; then
  echo "::error::No usable Chrome or Chromium: install Google Chrome on the runner, set PUPPETEER_EXECUTABLE_PATH, or allow downloads for Puppeteer's Chrome."
  exit 1
fi
echo "Browser: $browser"
echo "PUPPETEER_EXECUTABLE_PATH=$browser" >> "${GITHUB_ENV:-/dev/null}"
