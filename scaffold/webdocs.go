package scaffold

import (
	"bytes"
	"fmt"
	"strings"
)

// What the Packer integrations page reads (packer-contract.md): the
// partials packer-sdc struct-markdown writes from the config structs'
// comments, and .web-docs/, compiled from docs/ by the generated project's
// internal/webdocs, which `go generate ./...` runs. The project is rendered
// with both already as go generate leaves them, so that generating again
// changes nothing: the partials are templates (templates/<kind>/partials,
// packer-sdc's output, refreshed by scripts/update-template-deps.sh), and
// compileWebDocs below does in memory what internal/webdocs does on disk.
// scaffold's build test and e2e prove the two agree byte for byte.
const (
	partialsDir = "docs-partials"
	webDocsDir  = ".web-docs"
)

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
	page := "docs/" + d.DocsDir + "/" + d.Address + ".mdx"
	src, ok := byPath[page]
	if !ok {
		return nil, fmt.Errorf("templates: %s %q has no docs page %s", d.Kind, d.Name, page)
	}
	rendered, err := resolveIncludes(page, src, byPath)
	if err != nil {
		return nil, err
	}
	out := []File{{Path: ComponentReadme(d.Kind, d.Address), Mode: 0o644, Data: forWeb(rendered)}}
	if readme, ok := tree["docs/README.md"]; ok {
		tree[webDocsDir+"/README.md"] = File{Path: webDocsDir + "/README.md", Mode: 0o644, Data: forWeb(readme.Data)}
	}
	return out, nil
}

// ComponentReadme is where the integrations page reads the docs of the
// component of kind k that HCL2 templates call address (its slug).
func ComponentReadme(k Kind, address string) string {
	return webDocsDir + "/components/" + k.registryKind() + "/" + address + "/README.md"
}

// resolveIncludes replaces each @include 'path' by the partial
// docs-partials/<path>, as packer-sdc renderdocs does: the text between
// the quotes, byte for byte.
func resolveIncludes(page string, src []byte, files map[string][]byte) ([]byte, error) {
	const open = "@include '"
	var out bytes.Buffer
	for {
		i := bytes.Index(src, []byte(open))
		if i < 0 {
			out.Write(src)
			return out.Bytes(), nil
		}
		rest := src[i+len(open):]
		j := bytes.IndexByte(rest, '\'')
		if j < 0 {
			return nil, fmt.Errorf("templates: %s has an unclosed @include", page)
		}
		partial, ok := files[partialsDir+"/"+string(rest[:j])]
		if !ok {
			return nil, fmt.Errorf("templates: %s includes %s, which is not rendered", page, rest[:j])
		}
		out.Write(src[:i])
		out.Write(partial)
		src = rest[j+1:]
	}
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
