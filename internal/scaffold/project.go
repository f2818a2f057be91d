package scaffold

import (
	"fmt"
	"strings"

	"github.com/packer-plugin-dev/packer-plugin-dev/internal/naming"
)

// SDKVersion is the packer-plugin-sdk version generated projects pin: the
// one Packer 1.16.0 itself is built with.
const SDKVersion = "v0.6.10"

// projectData is what the skeleton's templates see, and what every
// component's templates see besides their own fields.
type projectData struct {
	Module      string
	Owner       string // GitHub owner; placeholderOwner when unknown
	Plugin      string // plugin name: binary packer-plugin-<Plugin>
	Binary      string // packer-plugin-<Plugin>
	Source      string // github.com/<Owner>/<Plugin>, as required_plugins names it
	Description string // the plugin's, one sentence
	SDKVersion  string
	// Version is the plugin's version, X.Y.Z: the examples require at
	// least it.
	Version string
	// License is the SPDX id of the project's LICENSE, empty for none.
	License string
	// ToolVersion is the packer-plugin-dev version the project's CI
	// installs (go install ...@ToolVersion).
	ToolVersion string
	// Warnings are what the author should know before using the project.
	Warnings []string
}

// newProjectData validates a plugin's name, module and owner and fills in
// what is derived from them.
func newProjectData(name, module, owner, description string) (*projectData, error) {
	if err := ValidateName(name); err != nil {
		return nil, err
	}
	if owner != "" {
		if err := ValidateOwner(owner); err != nil {
			return nil, err
		}
	}
	if module == "" {
		if owner == "" {
			return nil, fmt.Errorf("no Go module path for plugin %q: give a module path (e.g. %s) or an owner to derive it from",
				name, DefaultModule("<owner>", name))
		}
		module = DefaultModule(owner, name)
	}
	if err := ValidateModule(module); err != nil {
		return nil, err
	}
	if err := ModuleNamesPlugin(module, name); err != nil {
		return nil, err
	}
	var warnings []string
	if owner == "" {
		var err error
		if owner, warnings, err = ownerOf(module, name); err != nil {
			return nil, err
		}
	}
	return &projectData{
		Module:      module,
		Owner:       owner,
		Plugin:      name,
		Binary:      naming.BinaryPrefix + name,
		Source:      "github.com/" + owner + "/" + name,
		Description: sentence(description),
		SDKVersion:  SDKVersion,
		Version:     firstVersion,
		Warnings:    warnings,
	}, nil
}

// ownerOf derives the GitHub owner from a github.com module path, or
// falls back to a placeholder, with a warning that says so.
func ownerOf(module, name string) (string, []string, error) {
	parts := strings.Split(module, "/")
	if len(parts) >= 3 && parts[0] == "github.com" {
		if err := ValidateOwner(parts[1]); err != nil {
			return "", nil, fmt.Errorf("cannot use %q of module %s as the GitHub owner: %v; give the owner explicitly", parts[1], module, err)
		}
		return parts[1], nil, nil
	}
	return placeholderOwner, []string{fmt.Sprintf("module %s is not on github.com and no owner was given: the plugin source in the docs, the example templates and required_plugins is github.com/%s/%s, a placeholder that `packer init` cannot install from; give the GitHub owner that publishes the releases (--owner)",
		module, placeholderOwner, name)}, nil
}

// ModuleNamesPlugin fails when module's last element is
// packer-plugin-<other>: the release tooling would call the plugin <other>
// while the project calls it name.
func ModuleNamesPlugin(module, name string) error {
	parts := strings.Split(module, "/")
	last := parts[len(parts)-1]
	other, ok := strings.CutPrefix(last, naming.BinaryPrefix)
	if !ok || other == name {
		return nil
	}
	parts[len(parts)-1] = naming.BinaryPrefix + name
	return fmt.Errorf("module %s says the plugin is %q, but its name is %q: the binary, Makefile, GoReleaser config and release archives would disagree; use module %s, or name it %q",
		module, other, name, strings.Join(parts, "/"), other)
}

// ToolVersion is the packer-plugin-dev release a generated project's CI
// installs when the packer-plugin-dev that renders it is not a release (a
// build from a checkout, the tests, the goldens): `new` passes its own
// version instead when it is one (internal/buildinfo), so a project made
// by vX.Y.Z checks itself with vX.Y.Z.
const ToolVersion = "v0.1.0"

// firstVersion is the version of a new project.
const firstVersion = "0.1.0"

// placeholderOwner stands in for a GitHub owner nobody gave.
const placeholderOwner = "example"

// sentence is a description as the docs print it: one line, ending like a
// sentence, so the text after it does not run on.
func sentence(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if s != "" && !strings.ContainsAny(s[len(s)-1:], ".!?") {
		s += "."
	}
	return s
}
