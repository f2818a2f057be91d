package repro

import texttemplate "text/template"

// reproScript is the common part of every repro.sh; .Run is the recipe's
// own, which runs Packer in "$work/build" and sets shown.
var reproScript = texttemplate.Must(texttemplate.New("repro.sh").Delims("[[", "]]").Parse(`#!/usr/bin/env bash
# Reproduces [[.Check]] of packer-plugin-[[.Plugin]] in real Packer:
#   [[.Command]]
# Exit 1: real Packer shows the misbehaviour; 0: it does not; 2: could not
# tell. Everything happens in a throw-away folder, removed on exit.
set -u
here="$(cd "$(dirname "$0")" && pwd)"
PACKER="${PACKER:-packer}"
if ! command -v "$PACKER" >/dev/null 2>&1; then
  echo "repro: no Packer: set PACKER to a packer binary or put packer on PATH" >&2
  exit 2
fi
PACKER="$(command -v "$PACKER")"
version="$("$PACKER" version 2>/dev/null | head -n 1)"
case "$version" in
"Packer v"*) echo "repro: $version" ;;
*)
  echo "repro: $PACKER is not Packer: \"$PACKER version\" printed \"$version\", where Packer prints \"Packer v...\"" >&2
  exit 2
  ;;
esac
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export HOME="$work/home" PACKER_PLUGIN_PATH="$work/plugins" PACKER_CONFIG_DIR="$work/config" \
  TMPDIR="$work/tmp" CHECKPOINT_DISABLE=1
[[if .Env]]# The environment the check gave the plugin (its conformance { env = ... }).
[[.Env]][[end]]mkdir -p "$HOME" "$PACKER_PLUGIN_PATH" "$PACKER_CONFIG_DIR" "$TMPDIR" "$work/build"
for f in "$here"/*; do
  case "$(basename "$f")" in repro.sh|README.md) ;; *) cp -R "$f" "$work/build/" ;; esac
done
plugin="$here/../plugin/packer-plugin-[[.Plugin]]"

# install_plugin installs the plugin as ` + "`packer plugins install --path`" + ` does.
install_plugin() {
  if ! out="$("$PACKER" plugins install --path "$plugin" [[.Source]] 2>&1)"; then
    echo "$out"
    echo "repro: packer plugins install failed, so the check could not be reproduced" >&2
    exit 2
  fi
}

# packer_run runs Packer with a deadline where timeout(1) exists; code is
# its exit code (124 when it hung), out what it printed.
packer_run() {
  if command -v timeout >/dev/null 2>&1; then
    out="$(timeout -k 5 300 "$PACKER" "$@" 2>&1)"
  else
    out="$("$PACKER" "$@" 2>&1)"
  fi
  code=$?
  echo "$out"
}

# listed_files_missing sets missing to the files Packer reported in the
# build's artifacts (-machine-readable) that do not exist.
listed_files_missing() {
  missing=""
  while IFS= read -r f; do
    [ -n "$f" ] && [ ! -e "$f" ] && missing="$missing $f"
  done < <(printf '%s\n' "$out" | awk -F, '$3 == "artifact" && $5 == "file" { print $7 }')
}

cd "$work/build"
shown=0
[[.Run]]
case "$shown" in
1) echo "repro: CONFIRMED: real Packer shows the misbehaviour" ;;
0) echo "repro: not reproduced: real Packer behaved" ;;
*) echo "repro: could not tell" ;;
esac
exit "$shown"
`))
