// Package scaffold renders the embedded templates into a new Packer plugin
// project: everything is rendered in memory first (Render), then written in
// one step (Project.Write) so a failure never leaves half a project behind.
package scaffold

import (
	"fmt"
	"strings"

	"golang.org/x/mod/module"

	"github.com/packer-plugin-dev/packer-plugin-dev/internal/naming"
)

// Kind is the kind of Packer component a generated plugin provides.
type Kind string

const (
	Builder       Kind = "builder"
	Provisioner   Kind = "provisioner"
	PostProcessor Kind = "post-processor"
	Datasource    Kind = "datasource"
)

// Kinds lists every kind in the order prompts and help text show them.
var Kinds = []Kind{Builder, Provisioner, PostProcessor, Datasource}

// ParseKind returns the Kind named s, or an error listing the valid kinds.
func ParseKind(s string) (Kind, error) {
	if s == "data-source" {
		// The registry's and the integrations page's spelling.
		return Datasource, nil
	}
	for _, k := range Kinds {
		if string(k) == s {
			return k, nil
		}
	}
	return "", fmt.Errorf("unknown component kind %q: use one of %s", s, kindList())
}

func kindList() string {
	names := make([]string, len(Kinds))
	for i, k := range Kinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}

// HCLBlock is the HCL2 block type that uses a component of this kind
// ("source" for builders, "data" for datasources).
func (k Kind) HCLBlock() string {
	switch k {
	case Builder:
		return "source"
	case Datasource:
		return "data"
	}
	return string(k)
}

// GoPackage is the directory and Go package name of the component inside
// the generated project.
func (k Kind) GoPackage() string { return strings.ReplaceAll(string(k), "-", "") }

// Builtins returns the names of the components of kind k built into Packer.
func Builtins(k Kind) []string { return naming.Builtins(string(k)) }

// BuiltinCollision reports whether name is also a component of the same kind
// built into Packer, with a warning that says what happens and how to avoid it.
func BuiltinCollision(kind Kind, name string) (warning string, collides bool) {
	if !naming.IsBuiltin(string(kind), name) {
		return "", false
	}
	return fmt.Sprintf("%s %q is built into Packer, and Packer's built-in shadows this plugin: "+
		"in HCL2 templates `%s %q` always means the built-in. Choose another name (for example %q), "+
		"or register the component in main.go under a name of its own instead of plugin.DEFAULT_NAME "+
		"(for example %q, then write `%s %q`)",
		kind, name, kind.HCLBlock(), name, "my-"+name, "local", kind.HCLBlock(), name+"-local"), true
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
