package scaffold

import (
	"errors"
	"io/fs"
	"strings"
)

// added is what adding one component produces besides its edits: its own
// new files, and what the author must still do by hand.
type added struct {
	files []File
	notes []string
}

// addComponent renders component d's own files (its package, docs page and
// example) and edits, in tree, the project files that list every
// component: main.go, go.mod and go.sum, and the inserts (README.md,
// docs/README.md, conformance.pkr.hcl, .gitignore). Every edit is
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
	if err := mergeDeps(fsys, tree, d.Kind); err != nil {
		return nil, err
	}
	return a, nil
}
