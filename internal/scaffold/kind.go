// Package scaffold renders the embedded templates into a Packer plugin
// project: a new one (Render, then Project.Write) or one more component in
// an existing one (PlanAdd, then Addition.Write). Everything is rendered in
// memory first and written in one step, so a failure never leaves half a
// project behind; `new` is the skeleton plus an add of its first component,
// through the same code.
package scaffold

import (
	"fmt"
	"strings"

	"golang.org/x/mod/module"

	"github.com/packer-plugin-dev/packer-plugin-dev/internal/naming"
)

// Kind is the kind of a Packer component; naming owns the word and its
// spellings (HCL2 block, docs folder, integration type, registration).
type Kind = naming.Kind

// The four kinds.
const (
	Builder       = naming.Builder
	Provisioner   = naming.Provisioner
	PostProcessor = naming.PostProcessor
	Datasource    = naming.Datasource
)

// Kinds lists every kind in the order prompts and help text show them.
var Kinds = naming.Kinds

// ParseKind returns the Kind named s, or an error listing the valid kinds.
func ParseKind(s string) (Kind, error) { return naming.ParseKind(s) }

// defaultDescription is what a new component says of itself.
func defaultDescription(k Kind) string {
	switch k {
	case Builder:
		return "A Packer builder that produces a file artifact."
	case Provisioner:
		return "A Packer provisioner that runs a command on the machine being built."
	case PostProcessor:
		return "A Packer post-processor that writes a SHA-256 checksum manifest of its input files."
	}
	return "A Packer data source that reads a local file and exposes its content and SHA-256 digest."
}

// Builtins returns the names of the components of kind k built into Packer.
func Builtins(k Kind) []string { return naming.Builtins(string(k)) }

// BuiltinCollision reports whether name is also a component of the same kind
// built into Packer, with a warning that says what happens and how to avoid it.
func BuiltinCollision(kind Kind, name string) (warning string, collides bool) {
	if !naming.IsBuiltin(string(kind), name) {
		return "", false
	}
	// A registered name whose address is not a built-in too ("shell-local" is).
	own := "local"
	for _, c := range []string{"local", "plugin", "custom"} {
		if !naming.IsBuiltin(string(kind), naming.ComponentAddress(name, c)) {
			own = c
			break
		}
	}
	return fmt.Sprintf("%s %q is built into Packer, and Packer's built-in shadows this plugin: "+
		"in HCL2 templates `%s %q` always means the built-in. Choose another name (for example %q), "+
		"or register the component in main.go under a name of its own instead of plugin.DEFAULT_NAME "+
		"(for example %q, then write `%s %q`)",
		kind, name, kind.HCLBlock(), name, "my-"+name, own, kind.HCLBlock(), naming.ComponentAddress(name, own)), true
}

// ValidateName checks a plugin name with Packer's rules (naming.ValidateName).
func ValidateName(name string) error { return naming.ValidateName(name) }

// ValidateOwner checks a GitHub owner (user or organisation): letters,
// digits and single dashes, no leading or trailing dash. It becomes the
// namespace of the plugin source, github.com/<owner>/<name>.
func ValidateOwner(owner string) error {
	bad := owner == "" || strings.HasPrefix(owner, "-") || strings.HasSuffix(owner, "-") || strings.Contains(owner, "--")
	for _, r := range owner {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
			bad = true
		}
	}
	if bad {
		return fmt.Errorf("owner %q is not a GitHub user or organisation name: use letters, digits and single dashes, e.g. %q", owner, "acme-corp")
	}
	return nil
}

// ValidateModule checks a plugin's Go module path: what `go mod init`
// accepts, with the commonest mistake, a path with no domain, said plainly.
func ValidateModule(m string) error {
	const like = "use a path like github.com/<owner>/packer-plugin-<name>"
	first, _, _ := strings.Cut(m, "/")
	if m != "" && !strings.ContainsAny(m, " \t") && !strings.Contains(first, ".") {
		return fmt.Errorf("%q has no domain in its first element: %s", m, like)
	}
	if err := module.CheckPath(m); err != nil {
		return fmt.Errorf("invalid Go module path %q: %v; %s", m, err, like)
	}
	return nil
}

// DefaultModule is the Go module path of a plugin repository following
// Packer's naming convention: github.com/<owner>/packer-plugin-<name>.
func DefaultModule(owner, name string) string {
	return "github.com/" + owner + "/packer-plugin-" + name
}
