package scaffold

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/packer-plugin-dev/packer-plugin-dev/internal/naming"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/plugindocs"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/templates"
)

// Addition is one component added to a project on disk, rendered in
// memory and not yet written.
type Addition struct {
	Dir     string
	Plugin  string // the plugin's name, from go.mod
	Kind    Kind
	Name    string
	Address string // what HCL2 templates write for it
	Already bool   // main.go registers it already: nothing to write
	Created []string
	Changed []string
	// Clashes are files the component would create that exist with other
	// content: Write refuses them unless forced.
	Clashes []string
	// Notes say what the author must do by hand (a file with no marker).
	Notes    []string
	Warnings []string
	// Tidied: go mod tidy wrote the addition's go.mod and go.sum, because
	// it raised the project's go version or requirements.
	Tidied    bool
	GoVersion string // go.mod's go directive, when Tidied
	files     []File
}

// editable are the project files an add may edit; only these are read.
var editable = []string{"main.go", "go.mod", "go.sum", "README.md", "docs/README.md", "conformance.pkr.hcl", ".gitignore",
	plugindocs.ReadmeFile, plugindocs.MetadataFile}

// PlanAdd renders component c into the plugin project in dir, in memory:
// the project made by `new`, or any project whose main.go registers its
// components with plugin.NewSet (HashiCorp's packer-plugin-scaffolding),
// with a go.mod naming the plugin (packer-plugin-<name>).
//
// When the component raises what the project required already (its go
// version, or the SDK of a project from HashiCorp's template), go mod tidy
// runs on a scratch copy and its go.mod and go.sum are part of the
// addition: the project builds as it is written.
func PlanAdd(ctx context.Context, dir string, c Component) (*Addition, error) {
	return planAdd(ctx, dir, c, templates.FS)
}

func planAdd(ctx context.Context, dir string, c Component, fsys fs.FS) (*Addition, error) {
	p, err := loadProject(dir)
	if err != nil {
		return nil, err
	}
	tree := fileTree{}
	for _, name := range editable {
		path := filepath.Join(dir, filepath.FromSlash(name))
		data, err := os.ReadFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		mode := fs.FileMode(0o644)
		if st, err := os.Stat(path); err == nil {
			mode = st.Mode().Perm()
		}
		tree[name] = File{Path: name, Mode: mode, Data: data}
	}
	before := fileTree{}
	for k, v := range tree {
		before[k] = v
	}
	d, err := newComponentData(p, c, false)
	if err != nil {
		return nil, err
	}
	a := &Addition{Dir: dir, Plugin: p.Plugin, Kind: d.Kind, Name: d.Name, Address: d.Address, Warnings: p.Warnings}
	var already *errAlreadyThere
	switch err := checkNameFree(registrations(tree), d); {
	case errors.As(err, &already):
		a.Already = true
		a.Address = naming.ComponentAddress(p.Plugin, already.Name)
		return a, nil
	case err != nil:
		return nil, err
	}
	if w, collides := d.addedCollision(); collides {
		a.Warnings = append(a.Warnings, w)
	}
	added, err := addComponent(fsys, tree, d)
	if err != nil {
		return nil, err
	}
	a.Notes = added.notes
	if added.untidy {
		if err := tidyDeps(ctx, dir, tree, added.files); err != nil {
			return nil, err
		}
		a.Tidied = true
		if m := goDirective.FindSubmatch(tree["go.mod"].Data); m != nil {
			a.GoVersion = string(m[1])
		}
	}
	for _, f := range added.files {
		old, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.Path)))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			a.Created = append(a.Created, f.Path)
		case err != nil:
			return nil, err
		case bytes.Equal(old, f.Data):
			continue
		default:
			a.Clashes = append(a.Clashes, f.Path)
		}
		a.files = append(a.files, f)
	}
	for _, f := range tree.sorted() {
		if old, ok := before[f.Path]; ok && bytes.Equal(old.Data, f.Data) {
			continue
		} else if ok {
			a.Changed = append(a.Changed, f.Path)
		} else {
			a.Created = append(a.Created, f.Path)
		}
		a.files = append(a.files, f)
	}
	sort.Strings(a.Created)
	sort.Strings(a.Changed)
	return a, nil
}

// Write puts the addition into its project, all or nothing (as
// Project.Write with force). Files of the component that exist with other
// content are only replaced when force is set.
func (a *Addition) Write(force bool) error {
	if len(a.Clashes) > 0 && !force {
		return fmt.Errorf("%s %q would replace %d existing file(s) with other content: %s; choose another name, move them away, or use --force",
			a.Kind, a.Name, len(a.Clashes), strings.Join(a.Clashes, ", "))
	}
	if len(a.files) == 0 {
		return nil
	}
	p := &Project{Files: a.files}
	return p.writeInto(a.Dir)
}

// loadProject reads what a project on disk says about the plugin: its
// module, name and owner.
func loadProject(dir string) (*projectData, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("%s: %w: give the plugin's project folder", dir, err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("%s is not a folder: give the plugin's project folder, the one with go.mod and main.go", dir)
	}
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil {
		return nil, fmt.Errorf("%s is not a plugin project: it has no go.mod; give the plugin's project folder (the one with go.mod and main.go), or make one with packer-plugin-dev new", dir)
	}
	module, err := naming.ModulePath(dir)
	if err != nil {
		return nil, err
	}
	main, err := os.ReadFile(filepath.Join(dir, "main.go"))
	if err != nil || !newSetCall.Match(main) {
		return nil, fmt.Errorf("%s is not a Packer plugin project: it has no main.go that registers components with plugin.NewSet() (make one with packer-plugin-dev new, or give the folder of the plugin's main package)", dir)
	}
	abs, _ := filepath.Abs(dir)
	name, err := naming.PluginName(module, abs)
	if err != nil {
		return nil, err
	}
	owner, warnings, err := ownerOf(module, name)
	if err != nil {
		return nil, err
	}
	return &projectData{
		Module:     module,
		Owner:      owner,
		Plugin:     name,
		Binary:     naming.BinaryPrefix + name,
		Source:     "github.com/" + owner + "/" + name,
		SDKVersion: SDKVersion,
		Version:    projectVersion(dir),
		Warnings:   warnings,
	}, nil
}

// versionLine finds `Version = "1.2.3"` in a version package.
var versionLine = regexp.MustCompile(`(?m)^\s*Version\s*=\s*"(\d+\.\d+\.\d+)"`)

// projectVersion is the X.Y.Z of the project's version package (where new
// puts it, and HashiCorp's template too), else a new project's.
func projectVersion(dir string) string {
	if src, err := os.ReadFile(filepath.Join(dir, "version", "version.go")); err == nil {
		if m := versionLine.FindSubmatch(src); m != nil {
			return string(m[1])
		}
	}
	return firstVersion
}
