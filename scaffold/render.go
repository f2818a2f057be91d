package scaffold

import (
	"bytes"
	"fmt"
	"go/format"
	"io/fs"
	"path"
	"sort"
	"strings"
	"text/template"

	"github.com/packer-plugin-dev/packer-plugin-dev/templates"
)

// SDKVersion is the packer-plugin-sdk version generated projects pin: the
// one Packer 1.16.0 itself is built with.
const SDKVersion = "v0.6.10"

// Options says what to generate.
type Options struct {
	Kind        Kind
	Name        string // plugin name: binary packer-plugin-<Name>, HCL2 `<kind> "<Name>"`
	Module      string // Go module path; DefaultModule(Owner, Name) when empty
	Description string // one line for README, docs and go doc; a default when empty
	Owner       string // GitHub owner; derived from Module when empty
}

// File is one generated file. Path is slash-separated and relative to the
// project root.
type File struct {
	Path string
	Mode fs.FileMode
	Data []byte
}

// Project is a fully rendered plugin project, not yet on disk.
type Project struct {
	Options Options // as completed by Render (Module, Owner, Description filled in)
	Files   []File  // sorted by Path
	// Warnings are what the author should know before using the project
	// (a placeholder plugin source, ...).
	Warnings []string
}

// File returns the generated file at path p, or nil.
func (p *Project) File(pth string) *File {
	for i := range p.Files {
		if p.Files[i].Path == pth {
			return &p.Files[i]
		}
	}
	return nil
}

// data is what the templates see.
type data struct {
	Options
	Binary     string // packer-plugin-<name>
	Source     string // plugin source address for `packer plugins install`
	Package    string // Go package (and directory) of the component
	HCLBlock   string // source, provisioner, post-processor, data
	DocsDir    string // builders, provisioners, post-processors, datasources
	SDKVersion string
	Requires   string // require blocks of go.mod, from templates/deps
	Warnings   []string
	// RegistryKind is how the integrations registry spells the kind in
	// URLs: data-source for datasources.
	RegistryKind string
}

// Render validates opts and renders the whole project in memory.
func Render(opts Options) (*Project, error) {
	d, err := newData(opts)
	if err != nil {
		return nil, err
	}
	return render(d, templates.FS)
}

func newData(opts Options) (*data, error) {
	kind, err := ParseKind(string(opts.Kind))
	if err != nil {
		return nil, err
	}
	opts.Kind = kind
	if err := ValidateName(opts.Name); err != nil {
		return nil, err
	}
	if opts.Owner != "" {
		if err := ValidateOwner(opts.Owner); err != nil {
			return nil, err
		}
	}
	if opts.Module == "" {
		if opts.Owner == "" {
			return nil, fmt.Errorf("no Go module path for plugin %q: give a module path (e.g. %s) or an owner to derive it from",
				opts.Name, DefaultModule("<owner>", opts.Name))
		}
		opts.Module = DefaultModule(opts.Owner, opts.Name)
	}
	if err := ValidateModule(opts.Module); err != nil {
		return nil, err
	}
	if err := ModuleNamesPlugin(opts.Module, opts.Name); err != nil {
		return nil, err
	}
	parts := strings.Split(opts.Module, "/")
	var warnings []string
	if opts.Owner == "" {
		opts.Owner = placeholderOwner
		if len(parts) < 3 || parts[0] != "github.com" {
			warnings = append(warnings, fmt.Sprintf("module %s is not on github.com and no owner was given: the plugin source in the docs, the example templates and required_plugins is github.com/%s/%s, a placeholder that `packer init` cannot install from; give the GitHub owner that publishes the releases (--owner)",
				opts.Module, placeholderOwner, opts.Name))
		}
		if len(parts) >= 3 && parts[0] == "github.com" {
			if err := ValidateOwner(parts[1]); err != nil {
				return nil, fmt.Errorf("cannot use %q of module %s as the GitHub owner: %v; give the owner explicitly", parts[1], opts.Module, err)
			}
			opts.Owner = parts[1]
		}
	}
	if opts.Description == "" {
		opts.Description = defaultDescription(opts.Kind)
	}
	opts.Description = sentence(opts.Description)
	return &data{
		Warnings:     warnings,
		RegistryKind: registryKind(opts.Kind),
		Options:      opts,
		Binary:       "packer-plugin-" + opts.Name,
		Source:       "github.com/" + opts.Owner + "/" + opts.Name,
		Package:      opts.Kind.GoPackage(),
		HCLBlock:     opts.Kind.HCLBlock(),
		DocsDir:      docsDir(opts.Kind),
		SDKVersion:   SDKVersion,
	}, nil
}

// registryKind is the kind as the integrations registry's URLs spell it.
func registryKind(k Kind) string {
	if k == Datasource {
		return "data-source"
	}
	return string(k)
}

// ModuleNamesPlugin fails when module's last element is
// packer-plugin-<other>: the release tooling would call the plugin <other>
// while the project calls it name.
func ModuleNamesPlugin(module, name string) error {
	parts := strings.Split(module, "/")
	last := parts[len(parts)-1]
	other, ok := strings.CutPrefix(last, "packer-plugin-")
	if !ok || other == name {
		return nil
	}
	parts[len(parts)-1] = "packer-plugin-" + name
	return fmt.Errorf("module %s says the plugin is %q, but its name is %q: the binary, Makefile, GoReleaser config and release archives would disagree; use module %s, or name it %q",
		module, other, name, strings.Join(parts, "/"), other)
}

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

func docsDir(k Kind) string {
	if k == Datasource {
		return "datasources"
	}
	return string(k) + "s"
}

// Template layout (see templates/doc.go): files under "skeleton" and under
// "<kind>" are rendered to the same relative path; "*.tmpl" files go through
// text/template and lose the suffix, others are copied verbatim; "__name__"
// in a path becomes the plugin name. "deps/<kind>" holds the go.mod require
// blocks and go.sum computed by scripts/update-template-deps.sh.
func render(d *data, fsys fs.FS) (*Project, error) {
	req, err := fs.ReadFile(fsys, "deps/"+string(d.Kind)+"/require")
	if err != nil {
		return nil, fmt.Errorf("templates for %s have no dependency list: run scripts/update-template-deps.sh: %w", d.Kind, err)
	}
	d.Requires = strings.TrimSpace(string(req))
	sum, err := fs.ReadFile(fsys, "deps/"+string(d.Kind)+"/go.sum")
	if err != nil {
		return nil, fmt.Errorf("templates for %s have no go.sum: run scripts/update-template-deps.sh: %w", d.Kind, err)
	}
	files := map[string]File{"go.sum": {Path: "go.sum", Mode: 0o644, Data: sum}}
	for _, root := range []string{"skeleton", string(d.Kind)} {
		err := fs.WalkDir(fsys, root, func(p string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				return err
			}
			f, err := renderFile(fsys, p, strings.TrimPrefix(p, root+"/"), d)
			if err != nil {
				return err
			}
			files[f.Path] = f // a per-kind file replaces the skeleton's
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	p := &Project{Options: d.Options, Warnings: d.Warnings}
	for _, f := range files {
		p.Files = append(p.Files, f)
	}
	sort.Slice(p.Files, func(i, j int) bool { return p.Files[i].Path < p.Files[j].Path })
	return p, nil
}

func renderFile(fsys fs.FS, src, rel string, d *data) (File, error) {
	raw, err := fs.ReadFile(fsys, src)
	if err != nil {
		return File{}, err
	}
	out := File{Path: strings.ReplaceAll(rel, "__name__", d.Name), Mode: 0o644, Data: raw}
	if strings.HasSuffix(out.Path, ".tmpl") {
		out.Path = strings.TrimSuffix(out.Path, ".tmpl")
		t, err := template.New(src).Option("missingkey=error").Funcs(funcs).Parse(string(raw))
		if err != nil {
			return File{}, fmt.Errorf("template %s: %w", src, err)
		}
		var buf bytes.Buffer
		if err := t.Execute(&buf, d); err != nil {
			return File{}, fmt.Errorf("template %s: %w", src, err)
		}
		out.Data = buf.Bytes()
	}
	if path.Ext(out.Path) == ".go" {
		formatted, err := format.Source(out.Data)
		if err != nil {
			return File{}, fmt.Errorf("template %s renders invalid Go: %w", src, err)
		}
		out.Data = formatted
	}
	return out, nil
}

var funcs = template.FuncMap{
	"upper": strings.ToUpper,
	// typeName is the component's Go type: Builder, PostProcessor, ...
	"typeName": func(k Kind) string {
		return map[Kind]string{Builder: "Builder", Provisioner: "Provisioner",
			PostProcessor: "PostProcessor", Datasource: "Datasource"}[k]
	},
	// register is the plugin.Set method that registers the component.
	"register": func(k Kind) string {
		return map[Kind]string{Builder: "RegisterBuilder", Provisioner: "RegisterProvisioner",
			PostProcessor: "RegisterPostProcessor", Datasource: "RegisterDatasource"}[k]
	},
	// title turns "checksum-manifest" into "Checksum Manifest" for headings.
	"title": func(s string) string {
		w := strings.FieldsFunc(s, func(r rune) bool { return r == '-' })
		for i := range w {
			w[i] = strings.ToUpper(w[i][:1]) + w[i][1:]
		}
		return strings.Join(w, " ")
	},
}
