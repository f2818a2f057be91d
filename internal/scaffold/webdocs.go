package scaffold

import (
	"fmt"
	"strings"

	"github.com/packer-plugin-dev/packer-plugin-dev/internal/plugindocs"
)

// What the Packer integrations page reads (packer-contract.md): the
// partials packer-sdc struct-markdown writes from the config structs'
// comments, and .web-docs/, compiled from docs/ by the generated project's
// internal/webdocs, which `go generate ./...` runs. The project is rendered
// with both already as go generate leaves them, so that generating again
// changes nothing: the partials are templates (templates/<kind>/partials,
// packer-sdc's output, refreshed by scripts/update-template-deps.sh), and
// compileWebDocs below does in memory what internal/webdocs does on disk.
// e2e proves the two agree byte for byte: go generate, in a generated
// project without these files, writes them again as they were. The
// layout is plugindocs'.

// compileWebDocs writes, for component d, its .web-docs README from its
// docs page (in files, with d's partials) and, in tree, .web-docs/README.md
// from docs/README.md, when the project has one.
func compileWebDocs(tree fileTree, files []File, d *componentData) ([]File, error) {
	byPath := map[string][]byte{}
	for _, f := range tree {
		byPath[f.Path] = f.Data
	}
	for _, f := range files {
		byPath[f.Path] = f.Data
	}
	page := plugindocs.SourcePage(string(d.Kind), d.Address)
	src, ok := byPath[page]
	if !ok {
		return nil, fmt.Errorf("templates: %s %q has no docs page %s", d.Kind, d.Name, page)
	}
	rendered, unresolved := plugindocs.ResolveIncludes(string(src), func(rel string) ([]byte, bool) {
		b, ok := byPath[plugindocs.PartialsDir+"/"+rel]
		return b, ok
	})
	if len(unresolved) > 0 {
		return nil, fmt.Errorf("templates: %s includes %s, which is not rendered", page, strings.Join(unresolved, ", "))
	}
	out := []File{{Path: plugindocs.WebDocsPage(string(d.Kind), d.Address), Mode: 0o644, Data: forWeb([]byte(rendered))}}
	if readme, ok := tree["docs/README.md"]; ok {
		tree[plugindocs.ReadmeFile] = File{Path: plugindocs.ReadmeFile, Mode: 0o644, Data: forWeb(readme.Data)}
	}
	return out, nil
}

// forWeb drops a page's YAML front matter and its H1, as the generated
// internal/webdocs does: the integrations page shows its own title.
func forWeb(page []byte) []byte {
	s := strings.ReplaceAll(string(page), "\r\n", "\n")
	if rest, ok := strings.CutPrefix(s, "---\n"); ok {
		if _, body, found := strings.Cut(rest, "\n---\n"); found {
			s = body
		}
	}
	s = strings.TrimLeft(s, "\n")
	if strings.HasPrefix(s, "# ") {
		_, s, _ = strings.Cut(s, "\n")
		s = strings.TrimLeft(s, "\n")
	}
	return []byte(s)
}
