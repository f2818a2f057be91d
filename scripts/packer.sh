#!/usr/bin/env bash
# Builds a real Packer from the Go module proxy, once, into a cache folder
# outside the repository, and prints its path. End-to-end tests run against
# it; Packer core is only built and run here, never copied.
set -euo pipefail

version="${PACKER_VERSION:-1.16.0}"
cache="${PACKER_PLUGIN_DEV_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/packer-plugin-dev}"
bin="$cache/packer-$version/packer"

have() { [ -x "$bin" ] && "$bin" version 2>/dev/null | grep -q "Packer v$version"; }
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
GOFLAGS=-mod=mod go mod tidy >&2
CGO_ENABLED=0 GOFLAGS=-mod=mod go build -o "$work/packer" github.com/hashicorp/packer >&2
mv "$work/packer" "$bin.tmp.$$"
mv "$bin.tmp.$$" "$bin"
echo "$bin"
