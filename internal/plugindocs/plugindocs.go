// Package plugindocs reads a Packer plugin's documentation as HashiCorp's
// plugins lay it out: each component's page compiled into
// .web-docs/components/<type>/<slug>/README.md for the integrations page,
// or written in docs/<kinds>/<slug>.mdx with @include'd partials, whose
// attributes packer-sdc struct-markdown generates from the config's
// comments as "- `name` (type) - what it does".
package plugindocs

import (
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"

	"github.com/packer-plugin-dev/packer-plugin-dev/internal/naming"
)

// The layout, as slash-separated paths relative to the project folder.
const (
	// WebDocsDir is what the integrations page reads.
	WebDocsDir = ".web-docs"
	// MetadataFile registers the plugin and its components there.
	MetadataFile = WebDocsDir + "/metadata.hcl"
	// ReadmeFile is the integration's main page.
	ReadmeFile = WebDocsDir + "/README.md"
	// ComponentsDir holds a page per component (ComponentReadme).
	ComponentsDir = WebDocsDir + "/components"
	// PartialsDir holds what packer-sdc struct-markdown writes, which
	// pages @include.
	PartialsDir = "docs-partials"
)

// IntegrationType is how the integrations framework names a component kind
// (builder, provisioner, post-processor, datasource): "data-source" for
// datasources.
func IntegrationType(kind string) string { return naming.Kind(kind).IntegrationType() }

// IntegrationTypes are the component types metadata.hcl may use.
var IntegrationTypes = []string{"builder", "provisioner", "post-processor", "data-source"}

// DocsFolder is the folder of docs/ a kind's pages are in.
func DocsFolder(kind string) string { return naming.Kind(kind).DocsFolder() }

// WebDocsPage is where the compiled page of a component is.
func WebDocsPage(kind, slug string) string { return ComponentReadme(IntegrationType(kind), slug) }

// ComponentReadme is where the integrations framework reads the page of a
// component of an integration type (metadata.hcl's component.type).
func ComponentReadme(integrationType, slug string) string {
	return path.Join(ComponentsDir, integrationType, slug, "README.md")
}

// SourcePage is where the page a component's docs are written in is.
func SourcePage(kind, slug string) string {
	return path.Join("docs", DocsFolder(kind), slug+".mdx")
}

// Page is a component's documentation as users read it.
type Page struct {
	Path       string      // relative to the project folder
	Attributes []Attribute // in page order, each name once
	Unresolved []string    // includes that could not be read
}

// Attribute is one documented attribute.
type Attribute struct {
	Name string
	Type string // as written: "string", "[]string", "bool", ...
	Doc  string // the text after the dash, continuation lines joined
}

// Names lists the documented attributes' names.
func (p *Page) Names() []string {
	out := make([]string, len(p.Attributes))
	for i, a := range p.Attributes {
		out[i] = a.Name
	}
	return out
}

// Slugs are the names a component's docs may go by, best first: how
// templates address it (hashicorp/packer-plugin-docker's docker-import), or
// the name it is registered under (hashicorp/packer-plugin-git's commit).
func Slugs(address, registered string) []string {
	if registered == naming.DefaultComponent || registered == address {
		return []string{address}
	}
	return []string{address, registered}
}

// ReadComponent reads the page of the component templates call address,
// registered as registered, under the first of its Slugs that has one.
func ReadComponent(dir, kind, address, registered string) (*Page, error) {
	for _, slug := range Slugs(address, registered) {
		if page, err := Read(dir, kind, slug); page != nil || err != nil {
			return page, err
		}
	}
	return nil, nil
}

// Read reads the compiled page of component slug of kind, else its source
// page with its includes; nil when there is neither.
func Read(dir, kind, slug string) (*Page, error) {
	for _, rel := range []string{WebDocsPage(kind, slug), SourcePage(kind, slug)} {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		text, unresolved := ResolveIncludes(string(b), onDisk(dir))
		return &Page{Path: rel, Attributes: attributes(text), Unresolved: unresolved}, nil
	}
	return nil, nil
}

// attrLine matches an attribute as struct-markdown writes it.
var attrLine = regexp.MustCompile("^\\s*[-*]\\s+`([A-Za-z0-9_]+)`\\s+\\(([^)]*)\\)\\s+-\\s?(.*)$")

// attributes finds the documented attributes of text: an attribute line
// and the indented lines that continue its text.
func attributes(text string) []Attribute {
	var out []Attribute
	seen := map[string]bool{}
	var cur *Attribute
	flush := func() {
		if cur != nil && !seen[cur.Name] {
			cur.Doc = strings.TrimSpace(cur.Doc)
			out = append(out, *cur)
			seen[cur.Name] = true
		}
		cur = nil
	}
	for _, line := range strings.Split(text, "\n") {
		if m := attrLine.FindStringSubmatch(line); m != nil {
			flush()
			cur = &Attribute{Name: m[1], Type: m[2], Doc: m[3]}
			continue
		}
		if cur == nil {
			continue
		}
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "  ") {
			cur.Doc += "\n" + strings.TrimPrefix(line, "  ")
			continue
		}
		flush()
	}
	flush()
	return out
}

var includeLine = regexp.MustCompile(`@include '([^']+)'`)

// ResolveIncludes replaces each @include 'partial' of text by what partial
// gives for it, as packer-sdc renderdocs does, and lists those it could
// not give.
func ResolveIncludes(text string, partial func(rel string) ([]byte, bool)) (string, []string) {
	var unresolved []string
	var resolve func(text string, depth int) string
	resolve = func(text string, depth int) string {
		if depth > 4 {
			return text
		}
		return includeLine.ReplaceAllStringFunc(text, func(m string) string {
			rel := includeLine.FindStringSubmatch(m)[1]
			if b, ok := partial(rel); ok {
				return resolve(string(b), depth+1)
			}
			unresolved = append(unresolved, "'"+rel+"'")
			return ""
		})
	}
	return resolve(text, 0), unresolved
}

// onDisk gives partials as renderdocs finds them: in the project's
// docs-partials/, or, for the SDK's own (packer-plugin-sdk/...), in the
// SDK in the module cache.
func onDisk(dir string) func(rel string) ([]byte, bool) {
	roots := partialRoots(dir)
	return func(rel string) ([]byte, bool) {
		for _, root := range roots {
			if b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel))); err == nil {
				return b, true
			}
		}
		return nil, false
	}
}

// partialRoots are the folders partials are looked up in.
func partialRoots(dir string) []string {
	roots := []string{filepath.Join(dir, filepath.FromSlash(PartialsDir))}
	if sdk := sdkDir(dir); sdk != "" {
		roots = append(roots, filepath.Join(sdk, "cmd", "packer-sdc", "internal", "renderdocs", "docs-partials"))
	}
	return roots
}

// sdkDir is the module cache folder of the plugin SDK the project
// requires, "" when it is not there.
func sdkDir(dir string) string {
	b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		return ""
	}
	f, err := modfile.ParseLax("go.mod", b, nil)
	if err != nil {
		return ""
	}
	const sdk = "github.com/hashicorp/packer-plugin-sdk"
	for _, r := range f.Require {
		if r.Mod.Path != sdk {
			continue
		}
		escaped, err := module.EscapePath(sdk)
		if err != nil {
			return ""
		}
		d := filepath.Join(moduleCache(), filepath.FromSlash(escaped)+"@"+r.Mod.Version)
		if _, err := os.Stat(d); err == nil {
			return d
		}
	}
	return ""
}

// moduleCache is where the go command keeps modules: GOMODCACHE, else the
// first GOPATH's pkg/mod, else ~/go/pkg/mod.
func moduleCache() string {
	if d := os.Getenv("GOMODCACHE"); d != "" {
		return d
	}
	if gp := filepath.SplitList(os.Getenv("GOPATH")); len(gp) > 0 && gp[0] != "" {
		return filepath.Join(gp[0], "pkg", "mod")
	}
	home, _ := os.UserHomeDir()
	return filepath.Join(home, "go", "pkg", "mod")
}
