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

# The fault tests and the nginx config check need nginx and PgBouncer (Debian's
# packages); installed the same way.
if [ ! -x /usr/sbin/nginx ] || [ ! -x /usr/sbin/pgbouncer ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Debian's nginx and pgbouncer for the fault tests (apt-get)…"
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx pgbouncer; } >/tmp/doithoai-apt.log 2>&1; then
      echo "Could not install nginx and pgbouncer (see /tmp/doithoai-apt.log): run 'apt-get install -y --no-install-recommends nginx pgbouncer' as root." >&2
      exit 1
    fi
  else
    echo "The fault tests need nginx and pgbouncer: run 'sudo apt-get install -y --no-install-recommends nginx pgbouncer'." >&2
    exit 1
  fi
fi

# Media tests need Janus, its recording tools and ffmpeg (Debian's packages); installed
# the same way.
if [ $# -eq 0 ] && { ! command -v janus >/dev/null || ! command -v janus-pp-rec >/dev/null || ! command -v ffmpeg >/dev/null; }; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Debian's janus, janus-tools and ffmpeg for the media tests (apt-get)…"
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends janus janus-tools ffmpeg; } >/tmp/doithoai-apt.log 2>&1; then
      echo "Could not install janus, janus-tools and ffmpeg (see /tmp/doithoai-apt.log): run 'apt-get install -y --no-install-recommends janus janus-tools ffmpeg' as root." >&2
      exit 1
    fi
  else
    echo "The media tests need Janus, janus-tools and ffmpeg: run 'sudo apt-get install -y --no-install-recommends janus janus-tools ffmpeg'." >&2
    exit 1
  fi
fi

# The fault tests (tests/chaos/) and the metrics' cluster test run on a PostgreSQL server:
# DATABASE_URL's, else this machine's 127.0.0.1:5432, started here when it is installed.
if [ -z "${DATABASE_URL:-}" ] && { [ $# -eq 0 ] || [[ "$*" == *chaos* ]]; }; then
  if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
      pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start >/dev/null 2>&1 || true
      for _ in $(seq 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
    fi
    if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
      echo "The fault tests need a PostgreSQL server: start the one on 127.0.0.1:5432 (user postgres, trust) or set DATABASE_URL." >&2
      exit 1
    fi
  fi
fi

node scripts/build-if-needed.mjs

results="$(mktemp -t doithoai-vitest-XXXXXX.json)"
media_results="$(mktemp -t doithoai-media-XXXXXX.json)"
echo '{"numPassedTests":0,"numFailedTests":0,"numPendingTests":0,"numTodoTests":0}' >"$media_results"
status=0
# Janus, the app and Chromium in a private network namespace: 127.0.0.1 also on a veth
# (Janus never offers loopback for media), and no route out of the machine.
in_namespace() {
  local userns=()
  [ "$(id -u)" = 0 ] || userns=(--user --map-root-user)
  unshare "${userns[@]}" --net --pid --fork --mount-proc scripts/media-namespace.sh "$@"
}
if [ $# -eq 0 ]; then
  # Coverage of the whole suite only: a partial run's figure would mislead.
  npx vitest run --coverage --project '!media' --reporter=default --reporter=json --outputFile.json="$results" || status=$?
  echo "Media tests (Janus and Chromium in a private network namespace)…"
  in_namespace npx vitest run --project media --reporter=default --reporter=json --outputFile.json="$media_results" || status=$?
elif [ "$*" = "--project media" ]; then
  in_namespace npx vitest run "$@" --reporter=default --reporter=json --outputFile.json="$results" || status=$?
else
  npx vitest run "$@" --reporter=default --reporter=json --outputFile.json="$results" || status=$?
fi
node -e '
  const fs = require("fs");
  const [main, media] = [process.argv[1], process.argv[3]].map((f) => JSON.parse(fs.readFileSync(f, "utf8")));
  const sum = (k) => main[k] + media[k];
  const skipped = sum("numPendingTests") + sum("numTodoTests");
  console.log(`vitest: ${sum("numPassedTests")} passed, ${sum("numFailedTests")} failed, ${skipped} skipped`);
  // Line coverage of the business rules (domain/), from the coverage summary.
  if (process.argv[2] !== "1") process.exit(0);
  const summary = JSON.parse(fs.readFileSync("coverage/coverage-summary.json", "utf8"));
  let total = 0, covered = 0;
  for (const [file, c] of Object.entries(summary)) {
    if (!file.includes("/domain/")) continue;
    total += c.lines.total; covered += c.lines.covered;
  }
  if (total) console.log(`coverage of domain/: ${(100 * covered / total).toFixed(1)} % of lines`);
' "$results" "$([ $# -eq 0 ] && echo 1 || echo 0)" "$media_results" 2>/dev/null || true
rm -f "$results" "$media_results"
exit "$status"
