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
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "(devel)"
	}
	return fromBuildInfo(info)
}

// fromBuildInfo is the version the Go toolchain recorded: the module
// version of `go install pkg@version`, else the commit of a build from a
// checkout ("(devel abc123+modified)"), else "(devel)".
func fromBuildInfo(info *debug.BuildInfo) string {
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if rev == "" {
		return "(devel)"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if modified == "true" {
		rev += "+modified"
	}
	return "(devel " + rev + ")"
}

// Full is the version with the commit it was built from, when known.
func Full() string {
	if Commit != "" {
		return String() + " (" + Commit + ")"
	}
	return String()
}
