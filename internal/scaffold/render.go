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

	"golang.org/x/mod/semver"

	"github.com/packer-plugin-dev/packer-plugin-dev/internal/plugindocs"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/templates"
)

// Options says what project to generate.
type Options struct {
	Kind        Kind   // kind of the first component
	Name        string // plugin name, and the first component's: binary packer-plugin-<Name>, HCL2 `<kind> "<Name>"`
	Module      string // Go module path; DefaultModule(Owner, Name) when empty
	Description string // one line for README, docs and go doc; a default when empty
	Owner       string // GitHub owner; derived from Module when empty
	// Add are more components, registered under their own names
	// (HCL2 `<kind> "<Name>-<component>"`), as `add` would add them.
	Add []Component
	// License is one of Licenses (any case); DefaultLicense when empty.
	License string
	// ToolVersion is the packer-plugin-dev release (vX.Y.Z) the project's
	// CI installs; the constant ToolVersion when empty.
	ToolVersion string
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

// Render validates opts and renders the whole project in memory: the
// skeleton, then each component added to it exactly as `add` adds one to a
// project on disk.
func Render(opts Options) (*Project, error) {
	return render(opts, templates.FS)
}

func render(opts Options, fsys fs.FS) (*Project, error) {
	kind, err := ParseKind(string(opts.Kind))
	if err != nil {
		return nil, err
	}
	opts.Kind = kind
	if opts.Description == "" {
		opts.Description = defaultDescription(kind)
	}
	p, err := newProjectData(opts.Name, opts.Module, opts.Owner, opts.Description)
	if err != nil {
		return nil, err
	}
	opts.Module, opts.Owner, opts.Description = p.Module, p.Owner, p.Description
	if opts.License == "" {
		opts.License = DefaultLicense
	}
	if opts.License, err = ParseLicense(opts.License); err != nil {
		return nil, err
	}
	if opts.License != NoLicense {
		p.License = opts.License
	}
	if opts.ToolVersion == "" {
		opts.ToolVersion = ToolVersion
	}
	if !semver.IsValid(opts.ToolVersion) || semver.Build(opts.ToolVersion) != "" {
		return nil, fmt.Errorf("packer-plugin-dev version %q is not a release version vX.Y.Z for go install", opts.ToolVersion)
	}
	p.ToolVersion = opts.ToolVersion
	tree := fileTree{}
	if err := renderDir(fsys, "skeleton", p, func(f File) error { tree[f.Path] = f; return nil }); err != nil {
		return nil, err
	}
	license, err := renderLicense(fsys, p)
	if err != nil {
		return nil, err
	}
	if license != nil {
		tree[license.Path] = *license
	}
	components := append([]Component{{Kind: kind, Name: opts.Name, Description: opts.Description}}, opts.Add...)
	for i, c := range components {
		d, err := newComponentData(p, c, i == 0)
		if err != nil {
			return nil, err
		}
		if err := checkNameFree(registrations(tree), d); err != nil {
			return nil, err
		}
		// The first component's collision is the command's to raise, before
		// any other question.
		if w, collides := d.addedCollision(); collides {
			p.Warnings = append(p.Warnings, w)
		}
		added, err := addComponent(fsys, tree, d)
		if err != nil {
			return nil, err
		}
		for _, f := range added.files {
			if _, ok := tree[f.Path]; ok {
				return nil, fmt.Errorf("%s %q would replace %s of another component: choose another name", d.Kind, d.Name, f.Path)
			}
			tree[f.Path] = f
		}
		if len(added.notes) > 0 {
			return nil, fmt.Errorf("the skeleton lacks a marker: %s", strings.Join(added.notes, "; "))
		}
	}
	return &Project{Options: opts, Files: tree.sorted(), Warnings: p.Warnings}, nil
}

// fileTree is a project's files by path, in memory.
type fileTree map[string]File

func (t fileTree) sorted() []File {
	out := make([]File, 0, len(t))
	for _, f := range t {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// renderDir renders every template under root (see templates/doc.go) and
// hands each file to emit with its path relative to root; "__name__" in a
// path is replaced by the data's Name, "__address__" by its Address,
// "component/" by its Dir and "partials/" by docs-partials/<Dir>.
func renderDir(fsys fs.FS, root string, data any, emit func(File) error) error {
	return fs.WalkDir(fsys, root, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		f, err := renderFile(fsys, p, strings.TrimPrefix(p, root+"/"), data)
		if err != nil {
			return err
		}
		return emit(f)
	})
}

func renderFile(fsys fs.FS, src, rel string, data any) (File, error) {
	raw, err := fs.ReadFile(fsys, src)
	if err != nil {
		return File{}, err
	}
	out := File{Path: rel, Mode: 0o644, Data: raw}
	if d, ok := data.(*componentData); ok {
		out.Path = strings.ReplaceAll(out.Path, "__name__", d.Name)
		out.Path = strings.ReplaceAll(out.Path, "__address__", d.Address)
		if rest, ok := strings.CutPrefix(out.Path, "component/"); ok {
			out.Path = d.Dir + "/" + rest
		}
		if rest, ok := strings.CutPrefix(out.Path, "partials/"); ok {
			out.Path = plugindocs.PartialsDir + "/" + d.Dir + "/" + rest
		}
	}
	if strings.HasSuffix(out.Path, ".tmpl") {
		out.Path = strings.TrimSuffix(out.Path, ".tmpl")
		if out.Data, err = execute(src, raw, data); err != nil {
			return File{}, err
		}
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

// execute runs one template with missingkey=error: a field the data lacks
// is an error, never "<no value>".
func execute(name string, text []byte, data any) ([]byte, error) {
	t, err := template.New(name).Option("missingkey=error").Funcs(funcs).Parse(string(text))
	if err != nil {
		return nil, fmt.Errorf("template %s: %w", name, err)
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		return nil, fmt.Errorf("template %s: %w", name, err)
	}
	return buf.Bytes(), nil
}

var funcs = template.FuncMap{
	"upper": strings.ToUpper,
	"hcl":   hclString,
	// title turns "checksum-manifest" into "Checksum Manifest" for headings.
	"title": func(s string) string {
		w := strings.FieldsFunc(s, func(r rune) bool { return r == '-' })
		for i := range w {
			w[i] = strings.ToUpper(w[i][:1]) + w[i][1:]
		}
		return strings.Join(w, " ")
	},
}

// hclString is s as an HCL2 quoted string: quotes, backslashes and control
// characters escaped, and the template sequences ${ and %{ doubled so that
// they stay literal.
func hclString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20:
			fmt.Fprintf(&b, `\u%04x`, r)
		case (r == '$' || r == '%') && strings.HasPrefix(s[i+1:], "{"):
			b.WriteRune(r)
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
