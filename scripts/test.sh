#!/usr/bin/env bash
# The whole test suite, exactly as CI runs it: unit and golden tests, CLI
# scripts, generated projects built and tested, the harness against
# misbehaving plugins, and end-to-end runs through a real Packer 1.16.0.
set -euo pipefail
cd "$(dirname "$0")/.."

# Fast gates first, so a formatting slip, an untidy go.mod or a lint finding
# fails in seconds, before the slow suite. Tracked files only; the generated
# projects' goldens are gofmt'd by the templates, so they are checked too.
unformatted="$(git ls-files -z '*.go' | xargs -0 gofmt -l)"
if [ -n "$unformatted" ]; then
  echo "test.sh: gofmt -w these files:" >&2
  echo "$unformatted" >&2
  exit 1
fi
if ! go mod tidy -diff; then
  echo "test.sh: go.mod/go.sum are not tidy: run go mod tidy" >&2
  exit 1
fi
go vet ./...
# staticcheck is a go.mod tool (go.mod's tool line): no global install.
go tool staticcheck ./...

# The provisioner end-to-end test talks SSH to a local sshd on a loopback
# port; the side-effect repros watch real Packer with strace.
missing=""
if ! command -v sshd >/dev/null 2>&1 && [ ! -x /usr/sbin/sshd ]; then
  missing="openssh-server openssh-client"
fi
command -v strace >/dev/null 2>&1 || missing="$missing strace"
if [ -n "$missing" ]; then
  echo "test.sh: installing$missing" >&2
  sudo_=""
  [ "$(id -u)" = 0 ] || sudo_="sudo"
  $sudo_ apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq $missing >&2
fi

go mod download
PACKER_BIN="$(bash scripts/packer.sh)"
# Packer's own components served as a plugin: the suite is judged on them.
PACKER_BUILTINS_BIN="$(bash scripts/packer.sh builtins)"
export PACKER_BIN PACKER_BUILTINS_BIN CHECKPOINT_DISABLE=1
echo "test.sh: using $("$PACKER_BIN" version | head -n 1) at $PACKER_BIN" >&2

go test -count=1 -timeout 45m "$@" ./...

# GoReleaser v2's own loader, in a module of its own (see e2e/goreleaser).
(cd e2e/goreleaser && go test -count=1 "$@" ./...)
