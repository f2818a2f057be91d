package scaffold

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/packer-plugin-dev/packer-plugin-dev/internal/plugindocs"
)

// added is what adding one component produces besides its edits: its own
// new files, and what the author must still do by hand.
type added struct {
	files []File
	notes []string
	// untidy: go.mod's own requirements or go version were raised, so
	// only go mod tidy can tell the rest of its module graph (tidyDeps).
	untidy bool
}

// addComponent renders component d's own files (its package, docs page,
// docs partials, compiled .web-docs README and example) and edits, in
// tree, the project files that list every component: main.go, go.mod and
// go.sum, the inserts (README.md, docs/README.md, .web-docs/metadata.hcl,
// conformance.pkr.hcl, .gitignore) and .web-docs/README.md; a builder
// makes the plugin "hcp-ready" in .web-docs/metadata.hcl. Every edit is
// idempotent. `new` and `add` both come here.
func addComponent(fsys fs.FS, tree fileTree, d *componentData) (*added, error) {
	a := &added{}
	kindRoot := string(d.Kind)
	err := renderDir(fsys, kindRoot, d, func(f File) error {
		if !strings.HasPrefix(f.Path, "inserts/") {
			a.files = append(a.files, f)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, root := range []string{"inserts", kindRoot + "/inserts"} {
		err := renderDir(fsys, root, d, func(f File) error {
			if note := insert(tree, f.Path, f.Data); note != "" {
				a.notes = append(a.notes, note)
			}
			return nil
		})
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	note, err := register(tree, d)
	if err != nil {
		return nil, err
	}
	if note != "" {
		a.notes = append(a.notes, note)
	}
	if a.untidy, err = mergeDeps(fsys, tree, d.Kind); err != nil {
		return nil, err
	}
	if d.Kind == Builder {
		if note := markHCPReady(tree); note != "" {
			a.notes = append(a.notes, note)
		}
	}
	web, err := compileWebDocs(tree, a.files, d)
	if err != nil {
		return nil, err
	}
	a.files = append(a.files, web...)
	return a, nil
}

// hcpReadyFlags is the flags line of .web-docs/metadata.hcl once a builder
// that gives HCP Packer its artifacts' metadata is in the plugin.
const (
	noFlags       = "flags = []"
	hcpReadyFlags = `flags = ["hcp-ready"]`
)

// markHCPReady sets the "hcp-ready" flag in .web-docs/metadata.hcl: the
// generated builder's artifacts carry HCP Packer metadata. A file whose
// flags are not as generated gets a note instead.
func markHCPReady(tree fileTree) (note string) {
	const path = plugindocs.MetadataFile
	f, ok := tree[path]
	if !ok || hasLine(f.Data, hcpReadyFlags) {
		return ""
	}
	var out []string
	found := false
	for _, l := range strings.Split(string(f.Data), "\n") {
		if !found && strings.TrimSpace(l) == noFlags {
			l = strings.Replace(l, noFlags, hcpReadyFlags, 1)
			found = true
		}
		out = append(out, l)
	}
	if !found {
		return fmt.Sprintf("%s: add \"hcp-ready\" to its flags: the builder's artifacts carry HCP Packer metadata", path)
	}
	f.Data = []byte(strings.Join(out, "\n"))
	tree[path] = f
	return ""
}
