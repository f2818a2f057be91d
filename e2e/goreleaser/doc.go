// Package goreleaser checks GoReleaser configurations with GoReleaser v2's
// own strict loader (what `goreleaser check` runs): this tool's
// .goreleaser.yaml and the .goreleaser.yml that `new` generates. It is a
// module of its own so GoReleaser's large dependency graph stays out of the
// main module; scripts/test.sh runs it.
package goreleaser
