#!/usr/bin/env bash
# Benchmark: `packer-plugin-dev release` of the full 21-target matrix against
# the same work done by hand, all measured in this run with a warm build cache:
#   release  the tool: builds 2 at a time, zips while building, verifies
#   loop     plain `go build` per target with the same flags, 2 at a time
#   zip      release's zip + SHA256SUMS step alone, on the loop's binaries
# Target: release within 1.2x of the plain loop (packaging hidden behind the
# builds). RUNS=n sets the repetitions (median reported, default 3).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${RUNS:-3}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

go build -o "$work/packer-plugin-dev" ./cmd/packer-plugin-dev
go build -o "$work/zipstep" ./bench/zipstep

# The test plugin of the release tests (version package internal/meta).
module=github.com/acme/packer-plugin-greet
plugin="$work/packer-plugin-greet"
mkdir -p "$plugin"
awk -v dir="$plugin" -v mod="$module" '
  /^-- .* --$/ { f = dir "/" $2; sub(/\/[^\/]*$/, "", f); system("mkdir -p " f); f = dir "/" $2; next }
  f { gsub(/MODULE/, mod); print > f }
' internal/release/testdata/greet.txtar
cat >"$plugin/go.mod" <<MOD
module $module

go 1.25.11

require github.com/hashicorp/packer-plugin-sdk v0.6.10

replace github.com/zclconf/go-cty => github.com/nywilken/go-cty v1.13.3
MOD
(cd "$plugin" && GOFLAGS=-mod=mod go mod tidy)

targets="linux/amd64 linux/386 linux/arm linux/arm64 darwin/amd64 darwin/arm64
windows/amd64 windows/386 windows/arm64 freebsd/amd64 freebsd/386 freebsd/arm
freebsd/arm64 netbsd/amd64 netbsd/386 netbsd/arm netbsd/arm64 openbsd/amd64
openbsd/386 openbsd/arm solaris/amd64"
meta="$module/internal/meta"
export LDFLAGS="-s -w -X $meta.Version=1.2.3 -X $meta.VersionPrerelease= -X $meta.VersionMetadata="
export PLUGIN="$plugin"

now() { date +%s.%N; }

# One plain build, exactly as release runs it.
build_one() {
  local os="${1%/*}" arch="${1#*/}" out="$2" ext=""
  [ "$os" = windows ] && ext=.exe
  local env=(CGO_ENABLED=0 "GOOS=$os" "GOARCH=$arch")
  [ "$arch" = arm ] && env+=(GOARM=6)
  (cd "$PLUGIN" && env "${env[@]}" go build -trimpath -buildvcs=false -ldflags "$LDFLAGS" \
    -o "$out/packer-plugin-greet_v1.2.3_x5.0_${os}_${arch}${ext}" .)
}
export -f build_one

echo "bench/release.sh: warming the build cache for 21 targets (slow the first time)..." >&2
"$work/packer-plugin-dev" release "$plugin" --version 1.2.3 --out "$work/warm" >/dev/null 2>&1
rm -rf "$work/warm"

declare -a t_release t_loop t_zip
run_release() {
  local s; s=$(now)
  "$work/packer-plugin-dev" release "$plugin" --version 1.2.3 --out "$1" >/dev/null 2>"$work/release.log"
  t_release+=("$(echo "$(now) - $s" | bc)")
  [ "$(ls "$1"/*.zip | wc -l)" = 21 ] || { echo "release did not write 21 archives" >&2; cat "$work/release.log" >&2; exit 1; }
}
run_loop() {
  local s; mkdir -p "$1"; s=$(now)
  echo $targets | tr ' ' '\n' | xargs -P 2 -I{} bash -c 'build_one "$1" "$2"' _ {} "$1"
  t_loop+=("$(echo "$(now) - $s" | bc)")
}
for i in $(seq "$runs"); do
  out="$work/release-$i" bins="$work/bins-$i" zips="$work/zips-$i"
  # Alternate the order so neither side always runs on a cooler machine.
  if [ $((i % 2)) = 1 ]; then run_release "$out"; run_loop "$bins"; else run_loop "$bins"; run_release "$out"; fi

  mkdir -p "$zips"
  s=$(now); "$work/zipstep" "$bins" "$zips"
  t_zip+=("$(echo "$(now) - $s" | bc)")

  # Same flags, same bytes: the release's binaries are the loop's.
  if [ "$i" = 1 ]; then
    unzip -q -o "$out/packer-plugin-greet_v1.2.3_x5.0_linux_arm64.zip" -d "$work/check"
    cmp "$work/check/packer-plugin-greet_v1.2.3_x5.0_linux_arm64" "$bins/packer-plugin-greet_v1.2.3_x5.0_linux_arm64" \
      || { echo "release and the plain loop built different linux/arm64 binaries" >&2; exit 1; }
  fi
  rm -rf "$out" "$bins" "$zips" "$work/check"
done

median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
r=$(median "${t_release[@]}"); l=$(median "${t_loop[@]}"); z=$(median "${t_zip[@]}")
ratio=$(echo "scale=2; $r / $l" | bc)
printf '\n21 targets, warm build cache, %s runs, median wall seconds (%s cores)\n' "$runs" "$(nproc)"
printf '  %-46s %7.2f\n' "packer-plugin-dev release (build+zip+verify)" "$r"
printf '  %-46s %7.2f\n' "plain go build loop, 2 at a time" "$l"
printf '  %-46s %7.2f\n' "zip + SHA256SUMS step alone (release's code)" "$z"
printf '  %-46s %7.2f\n' "loop + zip, one after the other" "$(echo "$l + $z" | bc)"
printf '  release / plain loop = %sx (target <= 1.2x)\n' "$ratio"
printf '  runs: release %s | loop %s | zip %s\n' "${t_release[*]}" "${t_loop[*]}" "${t_zip[*]}"
