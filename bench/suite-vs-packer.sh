#!/usr/bin/env bash
# The whole conformance suite against real Packer's `validate` + `build` of
# the same well-behaved one-component plugin, side by side in one run on
# this machine, and their ratio (suite/packer; target <= 1.5, aim 0.4).
#
#   bash bench/suite-vs-packer.sh          # 5 rounds
#   bash bench/suite-vs-packer.sh 10       # more rounds
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-5}"
PACKER_BIN="${PACKER_BIN:-$(bash scripts/packer.sh)}"
export PACKER_BIN CHECKPOINT_DISABLE=1
out="$(go test ./conformance -run '^$' -bench SuiteVsPacker -benchtime "${rounds}x" -count 1 2>&1)" || {
  echo "$out" >&2
  exit 1
}
line="$(echo "$out" | grep -E '^BenchmarkSuiteVsPacker' | tail -n 1)"
suite="$(echo "$line" | grep -oE '[0-9.]+ suite-ms/op' | cut -d' ' -f1)"
packer="$(echo "$line" | grep -oE '[0-9.]+ packer-ms/op' | cut -d' ' -f1)"
ratio="$(echo "$line" | grep -oE '[0-9.]+ suite/packer' | cut -d' ' -f1)"
echo "$out" | grep -E 'checks: suite' | sed 's/^ *//' >&2 || true
printf 'suite %s ms, packer validate+build %s ms, ratio %sx (target <= 1.5x, aim 0.4x), %s rounds\n' "$suite" "$packer" "$ratio" "$rounds"
