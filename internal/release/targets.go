package release

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
)

// Target is one GOOS/GOARCH pair.
type Target struct {
	OS   string
	Arch string
}

func (t Target) String() string { return t.OS + "/" + t.Arch }

// MarshalText makes a target "os/arch" in JSON reports.
func (t Target) MarshalText() ([]byte, error) { return []byte(t.String()), nil }

// UnmarshalText reads "os/arch".
func (t *Target) UnmarshalText(b []byte) error {
	ts, err := ParseTargets(string(b))
	if err != nil {
		return err
	}
	if len(ts) != 1 {
		return fmt.Errorf("target %q: want one os/arch", b)
	}
	*t = ts[0]
	return nil
}

// Host is the platform this process runs on.
func Host() Target { return Target{OS: runtime.GOOS, Arch: runtime.GOARCH} }

// DefaultTargets are the 21 platforms the official plugin template builds,
// after the pairs Go cannot build are dropped.
var DefaultTargets = []Target{
	{"linux", "amd64"}, {"linux", "386"}, {"linux", "arm"}, {"linux", "arm64"},
	{"darwin", "amd64"}, {"darwin", "arm64"},
	{"windows", "amd64"}, {"windows", "386"}, {"windows", "arm64"},
	{"freebsd", "amd64"}, {"freebsd", "386"}, {"freebsd", "arm"}, {"freebsd", "arm64"},
	{"netbsd", "amd64"}, {"netbsd", "386"}, {"netbsd", "arm"}, {"netbsd", "arm64"},
	{"openbsd", "amd64"}, {"openbsd", "386"}, {"openbsd", "arm"},
	{"solaris", "amd64"},
}

// knownOS and knownArch are Go's first-class values; a name carrying anything
// else (x86_64, macos, win64) is a typo Packer would never match.
var knownOS = set("aix", "android", "darwin", "dragonfly", "freebsd", "illumos", "ios", "js",
	"linux", "netbsd", "openbsd", "plan9", "solaris", "wasip1", "windows")

var knownArch = set("386", "amd64", "arm", "arm64", "loong64", "mips", "mips64", "mips64le",
	"mipsle", "ppc64", "ppc64le", "riscv64", "s390x", "wasm")

func set(vs ...string) map[string]bool {
	m := make(map[string]bool, len(vs))
	for _, v := range vs {
		m[v] = true
	}
	return m
}

// targetList is ts as --targets takes them.
func targetList(ts []Target) string {
	var names []string
	for _, t := range ts {
		names = append(names, t.String())
	}
	return strings.Join(names, ",")
}

// ParseTargets reads a comma-separated list of os/arch pairs, each one of
// the platforms Packer plugins are released for (DefaultTargets).
func ParseTargets(s string) ([]Target, error) {
	var out []Target
	seen := map[Target]bool{}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		osName, arch, ok := strings.Cut(part, "/")
		if !ok || !knownOS[osName] || !knownArch[arch] {
			return nil, fmt.Errorf("target %q: want os/arch with Go's names, for example linux/amd64 or darwin/arm64", part)
		}
		t := Target{OS: osName, Arch: arch}
		if !slices.Contains(DefaultTargets, t) {
			return nil, fmt.Errorf("target %q is not a platform Packer plugins are released for: use some of %s", part, targetList(DefaultTargets))
		}
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no targets in %q: want os/arch[,os/arch...]", s)
	}
	return out, nil
}
