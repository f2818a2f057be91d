package scaffold

import (
	"fmt"
	"go/token"
	"strconv"
	"strings"

	"github.com/packer-plugin-dev/packer-plugin-dev/internal/naming"
)

// Component is one component of a plugin: what `add` adds, and what `new`
// starts a project with.
type Component struct {
	Kind        Kind
	Name        string // letters, digits and single dashes, as plugin names
	Description string // one line; the kind's default when empty
}

// componentData is what a component's templates see.
type componentData struct {
	*projectData
	Kind Kind
	Name string // file and folder names: <kind>/<Name>/, example/<Name>.pkr.hcl
	// Primary is the project's first component, registered as
	// plugin.DEFAULT_NAME so that templates call it by the plugin's name.
	Primary     bool
	Address     string // what HCL2 templates write: <Plugin> or <Plugin>-<Name>
	Registered  string // Go expression main.go registers it under
	SampleLabel string // its block label in conformance.pkr.hcl
	Package     string // Go package name
	Dir         string // <kind>/<Name>, the package's folder
	Alias       string // main.go's import name for the package
	Description string
	// HCL2 block type, docs/ folder and registry spelling of the kind.
	HCLBlock, DocsDir, RegistryKind string
}

// newComponentData checks c and derives its names inside project p.
func newComponentData(p *projectData, c Component, primary bool) (*componentData, error) {
	kind, err := ParseKind(string(c.Kind))
	if err != nil {
		return nil, err
	}
	if err := validateComponentName(c.Name); err != nil {
		return nil, err
	}
	desc := c.Description
	if desc == "" {
		desc = defaultDescription(kind)
	}
	d := &componentData{
		projectData:  p,
		Kind:         kind,
		Name:         c.Name,
		Primary:      primary,
		Address:      naming.ComponentAddress(p.Plugin, c.Name),
		Registered:   strconv.Quote(c.Name),
		SampleLabel:  c.Name,
		Package:      goPackageName(kind, c.Name),
		Dir:          kind.Dir() + "/" + c.Name,
		Alias:        kind.GoPackage() + camel(c.Name),
		Description:  sentence(desc),
		HCLBlock:     kind.HCLBlock(),
		DocsDir:      kind.DocsFolder(),
		RegistryKind: kind.IntegrationType(),
	}
	if primary {
		d.Address = naming.ComponentAddress(p.Plugin, naming.DefaultComponent)
		d.Registered = "plugin.DEFAULT_NAME"
		d.SampleLabel = "default"
	}
	return d, nil
}

// validateComponentName applies the plugin name rules to a component's
// name: it becomes part of the name templates write (<plugin>-<name>), of
// a folder and of file names.
func validateComponentName(name string) error {
	if err := naming.ValidateName(name); err != nil {
		return fmt.Errorf("component %s", strings.TrimPrefix(err.Error(), "plugin "))
	}
	return nil
}

// goPackageName is the Go package of component name: the name without
// dashes (sha-manifest: shamanifest), prefixed with the kind when that is
// not an identifier or is a Go keyword (7zip: builder7zip, go: buildergo).
func goPackageName(k Kind, name string) string {
	p := strings.ReplaceAll(name, "-", "")
	if !token.IsIdentifier(p) || token.IsKeyword(p) {
		p = k.GoPackage() + p
	}
	return p
}

// camel turns sha-manifest into ShaManifest, for import names.
func camel(name string) string {
	var b strings.Builder
	for _, w := range strings.Split(name, "-") {
		if w != "" {
			b.WriteString(strings.ToUpper(w[:1]) + w[1:])
		}
	}
	return b.String()
}

// addedCollision warns when an added component's template address is a
// component of the same kind built into Packer, which shadows it.
func (d *componentData) addedCollision() (string, bool) {
	if d.Primary || !naming.IsBuiltin(string(d.Kind), d.Address) {
		return "", false
	}
	return fmt.Sprintf("%s %q, as templates call the component %q of this plugin, is built into Packer, and Packer's built-in shadows it: "+
		"in HCL2 templates `%s %q` always means the built-in. Choose another name for the component (for example %q, called %q)",
		d.Kind, d.Address, d.Name, d.HCLBlock, d.Address, "my-"+d.Name, naming.ComponentAddress(d.Plugin, "my-"+d.Name)), true
}
