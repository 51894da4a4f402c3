#!/usr/bin/env bash
# The whole suite: unit, integration (PGlite, or PostgreSQL when DATABASE_URL is set)
# and end-to-end in Debian's Chromium. Installs Chromium with apt-get when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Debian's chromium for the browser tests (apt-get)…"
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; } >/tmp/doithoai-apt.log 2>&1; then
      echo "Could not install chromium (see /tmp/doithoai-apt.log): run 'apt-get install -y --no-install-recommends chromium' as root." >&2
      exit 1
    fi
  else
    echo "The browser tests need Chromium: run 'sudo apt-get install -y --no-install-recommends chromium' (or set CHROMIUM_PATH)." >&2
    exit 1
  fi
fi

node scripts/build-if-needed.mjs

results="$(mktemp -t doithoai-vitest-XXXXXX.json)"
status=0
# Coverage of the whole suite only: a partial run's figure would mislead.
coverage=()
[ $# -eq 0 ] && coverage=(--coverage)
npx vitest run "${coverage[@]}" --reporter=default --reporter=json --outputFile.json="$results" "$@" || status=$?
node -e '
  const fs = require("fs");
  const r = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`vitest: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
  // Line coverage of the business rules (domain/), from the coverage summary.
  if (process.argv[2] !== "1") process.exit(0);
  const summary = JSON.parse(fs.readFileSync("coverage/coverage-summary.json", "utf8"));
  let total = 0, covered = 0;
  for (const [file, c] of Object.entries(summary)) {
    if (!file.includes("/domain/")) continue;
    total += c.lines.total; covered += c.lines.covered;
  }
  if (total) console.log(`coverage of domain/: ${(100 * covered / total).toFixed(1)} % of lines`);
' "$results" "${#coverage[@]}" 2>/dev/null || true
rm -f "$results"
exit "$status"
