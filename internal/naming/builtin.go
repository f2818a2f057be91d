// Package naming holds the names Packer itself gives things, for every
// package that must agree with it: today the components built into Packer.
package naming

import "slices"

// builtins are the components compiled into Packer 1.16.0, by kind as
// `start` spells it (command/execute.go: Builders, Provisioners,
// PostProcessors, Datasources). Packer resolves a built-in before any
// plugin, so in HCL2 `<kind> "<name>"` always means the built-in.
var builtins = map[string][]string{
	"builder": {"file", "null"},
	"provisioner": {"breakpoint", "file", "hcp-sbom", "powershell", "shell",
		"shell-local", "sleep", "windows-restart", "windows-shell"},
	"post-processor": {"artifice", "checksum", "compress", "manifest",
		"provenance", "shell-local"},
	"datasource": {"hcp-packer-artifact", "hcp-packer-image",
		"hcp-packer-iteration", "hcp-packer-version", "http", "null"},
}

// Builtins returns the names of the components of kind built into Packer,
// sorted.
func Builtins(kind string) []string { return slices.Clone(builtins[kind]) }

// IsBuiltin reports whether Packer has a built-in component of kind named
// name.
func IsBuiltin(kind, name string) bool { return slices.Contains(builtins[kind], name) }
