#!/usr/bin/env bash
# Regenerates what the templates cannot compute at render time, for every
# component kind: the go.mod require blocks and the complete go.sum of a tidy
# generated project (internal/templates/deps/<kind>/), and the packer-sdc output
# committed as internal/templates/<kind>/component/config.hcl2spec.go.tmpl and
# internal/templates/<kind>/partials/*.mdx.tmpl (struct-markdown's docs partials, as
# the project's go generate writes them), then the golden files. A project with several kinds gets the union of their deps
# (scaffold.mergeDeps); e2e proves every generated project tidy.
# Run it after changing the Go code of a template or the SDK version.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for kind in builder provisioner post-processor datasource; do
	dir=$work/$kind
	echo "== $kind" >&2
	go run ./internal/scaffold/internal/renderproject -kind "$kind" -dir "$dir"
	(
		cd "$dir"
		want_go=$(grep '^go ' go.mod)
		GOFLAGS=-mod=mod go mod tidy
		if [ "$(grep '^go ' go.mod)" != "$want_go" ]; then
			echo "go mod tidy changed '$want_go' to '$(grep '^go ' go.mod)': update internal/templates/skeleton/go.mod.tmpl" >&2
			exit 1
		fi
		go generate ./...
		# The generated spec imports go-cty directly: tidy once more.
		GOFLAGS=-mod=mod go mod tidy
	)
	# Everything from the first require block on is kind-specific.
	sed -n '/^require/,$p' "$dir/go.mod" >"$repo/internal/templates/deps/$kind/require"
	cp "$dir/go.sum" "$repo/internal/templates/deps/$kind/go.sum"
	# The component is named "example": its Go package is example.
	sed 's/^package example$/package {{.Package}}/' "$dir/$kind/example/config.hcl2spec.go" \
		>"$repo/internal/templates/$kind/component/config.hcl2spec.go.tmpl"
	# Its folder is <kind>/example and templates call it "example".
	rm -f "$repo/internal/templates/$kind/partials/"*.mdx.tmpl
	mkdir -p "$repo/internal/templates/$kind/partials"
	for p in "$dir/docs-partials/$kind/example/"*.mdx; do
		sed -e "s#$kind/example/#{{.Dir}}/#g" -e 's/ of the example / of the {{.Address}} /g' "$p" \
			>"$repo/internal/templates/$kind/partials/$(basename "$p").tmpl"
	done
done
go test ./internal/scaffold -run TestRenderGolden -update
echo "updated internal/templates/deps, the HCL2 specs and internal/scaffold/testdata/golden" >&2
