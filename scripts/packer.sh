#!/usr/bin/env bash
# Builds a real Packer from the Go module proxy, once, into a cache folder
# outside the repository, and prints its path. End-to-end tests run against
# it; Packer core is only built and run here, never copied.
#
#   bash scripts/packer.sh             # the packer binary
#   bash scripts/packer.sh builtins    # testdata/plugins/builtins: Packer's
#                                      # own components served as a plugin
#
# Both build in the same throw-away module, so the second reuses the
# first's module and build caches.
set -euo pipefail

version="${PACKER_VERSION:-1.16.0}"
cache="${PACKER_PLUGIN_DEV_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/packer-plugin-dev}"
repo="$(cd "$(dirname "$0")/.." && pwd)"
what="${1:-packer}"
case "$what" in
packer)
  bin="$cache/packer-$version/packer"
  have() { [ -x "$bin" ] && "$bin" version 2>/dev/null | grep -q "Packer v$version"; }
  ;;
builtins)
  src="$repo/testdata/plugins/builtins/main.go"
  sum="$(sha256sum "$src" | cut -c1-16)"
  bin="$cache/packer-$version/builtins-$sum/packer-plugin-builtins"
  have() { [ -x "$bin" ]; }
  ;;
*)
  echo "usage: packer.sh [packer|builtins]" >&2
  exit 2
  ;;
esac
if have; then
  echo "$bin"
  exit 0
fi

# Test packages run in parallel and may all ask at once on a cold cache:
# one builds, the others wait and then find it built.
mkdir -p "$(dirname "$bin")"
if command -v flock >/dev/null 2>&1; then
  exec 9>"$(dirname "$bin")/.lock"
  flock 9
  if have; then
    echo "$bin"
    exit 0
  fi
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
cat >go.mod <<MOD
module packerbuild

go 1.25

require github.com/hashicorp/packer v$version

replace github.com/zclconf/go-cty => github.com/nywilken/go-cty v1.13.3
MOD
cat >tools.go <<'GO'
//go:build tools

package packerbuild

import _ "github.com/hashicorp/packer"
GO
if [ "$what" = builtins ]; then
  mkdir -p "$work/builtins"
  cp "$src" "$work/builtins/main.go"
fi
GOFLAGS=-mod=mod go mod tidy >&2
if [ "$what" = builtins ]; then
  # Same flags as the packer build, so its compiled packages are reused.
  CGO_ENABLED=0 GOFLAGS=-mod=mod go build -tags builtins -o "$work/out" ./builtins >&2
else
  CGO_ENABLED=0 GOFLAGS=-mod=mod go build -o "$work/out" github.com/hashicorp/packer >&2
fi
mv "$work/out" "$bin.tmp.$$"
mv "$bin.tmp.$$" "$bin"
echo "$bin"
