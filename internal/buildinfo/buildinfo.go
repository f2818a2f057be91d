// Package buildinfo reports the version of this tool.
package buildinfo

import "runtime/debug"

// Version is set at release time with
// -ldflags "-X github.com/packer-plugin-dev/packer-plugin-dev/internal/buildinfo.Version=1.2.3".
var Version = ""

// Commit is set at release time like Version.
var Commit = ""

// String returns the version, falling back to what the Go toolchain recorded
// (a module version for `go install`, "(devel)" for a local build).
func String() string {
	if Version != "" {
		return Version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		return info.Main.Version
	}
	return "(devel)"
}

// Full is the version with the commit it was built from, when known.
func Full() string {
	if Commit != "" {
		return String() + " (" + Commit + ")"
	}
	return String()
}
