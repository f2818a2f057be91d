#!/usr/bin/env bash
# Containment under load: runs the route tests (every route of
# testdata/routes through the observer, the harness and the suite) RUNS
# times (default 10) while two CPU hogs spin, and after each run checks
# that the machine is as it was: no process of the tests left, no SysV
# shared-memory segment, no new mount, no new address, and nothing left in
# the run's own temp folder (every sandbox, socket and process of the run
# lives under it, so a process is the run's when its environment names
# it). Prints one line per run and a summary; exits 1 on any failure or
# leftover.
# Usage: bash scripts/contain-stability.sh [RUNS]
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
export CHECKPOINT_DISABLE=1

state() {
  ipcs -m 2>/dev/null | grep -c '^0x' || true
  wc -l </proc/self/mountinfo
  ip -o addr 2>/dev/null | wc -l || true
}

hog() { while :; do :; done; }
hog & h1=$!
hog & h2=$!
trap 'kill $h1 $h2 2>/dev/null' EXIT

go test -count=1 -run '^$' ./harness/... ./conformance/ >/dev/null
before=$(state)
failed=0
# ours lists the live processes whose environment names $1.
ours() {
  grep -l -a -F "$1" /proc/[0-9]*/environ 2>/dev/null | grep -v "^/proc/$$/" | wc -l
}
for i in $(seq 1 "$runs"); do
  tmp=$(mktemp -d /tmp/cs-XXXXXX)
  out=$(TMPDIR=$tmp go test -count=1 -run 'TestConfinedRoutes|TestConfinedClosesInheritedDescriptors|TestContainedConfigure|TestContainedRoutesFailSideEffects' \
    ./harness/internal/observe/ ./harness/ ./conformance/ 2>&1)
  status=$?
  after=$(state)
  left=$(ours "$tmp")
  files=$(find "$tmp" -mindepth 1 -maxdepth 1 ! -name 'go-build*' | wc -l)
  verdict=ok
  if [ $status -ne 0 ]; then
    verdict="FAIL (tests)"
  elif [ "$after" != "$before" ]; then
    verdict="FAIL (machine changed: shm/mounts/addresses $(echo $before) -> $(echo $after))"
  elif [ "$left" -gt 0 ]; then
    verdict="FAIL ($left processes left)"
  elif [ "$files" -gt 0 ]; then
    verdict="FAIL ($(ls -A "$tmp" | tr '\n' ' ') left in $tmp)"
  fi
  rm -rf "$tmp"
  echo "run $i: $verdict"
  if [ "$verdict" != ok ]; then
    failed=$((failed + 1))
    echo "$out" | tail -30
  fi
done
echo "$((runs - failed))/$runs runs passed under two CPU hogs"
[ $failed -eq 0 ]
