#!/usr/bin/env bash
# The two test lanes, each timed in this run:
#   fast  go test -short -count=1 ./...   no plugin built or started, no
#         Packer, no network; target: under 60 s with a warm build cache
#   full  bash scripts/test.sh            everything, as CI runs it (minutes)
# Usage: bash bench/lanes.sh [fast]   ("fast" times the fast lane only)
# The test binaries are compiled before the fast lane is timed, so it is
# measured warm; a failing lane fails the script, after both times print.
set -euo pipefail
cd "$(dirname "$0")/.."

case "${1:-}" in
"") lanes=both ;;
fast) lanes=fast ;;
*)
  echo "usage: bash bench/lanes.sh [fast]" >&2
  exit 2
  ;;
esac

# timed runs "$@"; $took is its wall time in seconds, $status its exit.
timed() {
  local start
  start=$(date +%s.%N)
  set +e
  "$@"
  status=$?
  set -e
  took=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
}

# Warm-up: compile every test binary without running a test.
go test -short -count=1 -run '^$' ./... >/dev/null

timed go test -short -count=1 ./...
fast="$took s" fast_status=$status
full="skipped (bash bench/lanes.sh runs it)" full_status=0
if [ "$lanes" = both ]; then
  timed bash scripts/test.sh
  full="$took s" full_status=$status
fi

failed() { [ "$1" = 0 ] || echo ", FAILED"; }
echo "fast lane (go test -short ./...): $fast, target under 60 s$(failed "$fast_status")"
echo "full lane (bash scripts/test.sh): $full$(failed "$full_status")"
[ "$fast_status" = 0 ] && [ "$full_status" = 0 ]
