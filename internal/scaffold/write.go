package scaffold

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/packer-plugin-dev/packer-plugin-dev/internal/scratch"
)

// Seams for tests that make writing fail midway.
var (
	writeFile = os.WriteFile
	rename    = os.Rename
)

// Write puts the project into dir. An existing non-empty dir is refused
// unless force is set; with force only the files the project generates are
// replaced, everything else in dir is left alone, and a plugin project
// there whose components or module the project would lose is refused
// (refuseLosses).
//
// Nothing is ever half-written: all files are first written into a staging
// directory next to dir (same filesystem), which is then renamed into place
// (new or empty dir) or moved in file by file with the old files kept aside
// and restored if any move fails (force).
func (p *Project) Write(dir string, force bool) error {
	dir = filepath.Clean(dir)
	empty, err := isEmptyDir(dir)
	if err != nil {
		return err
	}
	_, statErr := os.Stat(dir)
	exists := statErr == nil
	if !empty && !force {
		return fmt.Errorf("directory %s already exists and is not empty: choose another directory or use --force to overwrite the generated files", dir)
	}
	if !empty {
		if err := p.refuseLosses(dir); err != nil {
			return err
		}
	}
	stage, err := p.stage(dir)
	if err != nil {
		return err
	}
	defer os.RemoveAll(stage)
	if !exists {
		if err := rename(stage, dir); err != nil {
			return fmt.Errorf("move generated project into %s: %w", dir, err)
		}
		return os.Chmod(dir, 0o755) // MkdirTemp made it 0700
	}
	// An existing folder, empty or not, is filled in place: its mode,
	// owner and inode stay (the user's shell may be in it).
	return p.moveInto(stage, dir)
}

// writeInto puts the project's files into the existing folder dir, all or
// nothing, replacing the files there (Write with force, for `add`).
func (p *Project) writeInto(dir string) error {
	stage, err := p.stage(dir)
	if err != nil {
		return err
	}
	defer os.RemoveAll(stage)
	return p.moveInto(stage, dir)
}

// stage writes every file into a new staging directory next to dir (same
// filesystem, so moving from it is a rename). The caller removes it.
func (p *Project) stage(dir string) (string, error) {
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", fmt.Errorf("create parent directory of %s: %w", dir, err)
	}
	stage, err := scratch.MkdirTemp(parent, "."+filepath.Base(dir)+".new-")
	if err != nil {
		return "", fmt.Errorf("create staging directory next to %s: %w", dir, err)
	}
	for _, f := range p.Files {
		dst := filepath.Join(stage, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			os.RemoveAll(stage)
			return "", fmt.Errorf("write %s: %w (nothing was written to %s)", f.Path, err, dir)
		}
		if err := writeFile(dst, f.Data, f.Mode); err != nil {
			os.RemoveAll(stage)
			return "", fmt.Errorf("write %s: %w (nothing was written to %s)", f.Path, err, dir)
		}
	}
	return stage, nil
}

// Replaces lists the project's files that already exist in dir, which
// Write with force replaces.
func (p *Project) Replaces(dir string) []string {
	var out []string
	for _, f := range p.Files {
		if st, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(f.Path))); err == nil && !st.IsDir() {
			out = append(out, f.Path)
		}
	}
	return out
}

// moveInto replaces the project's files in dir with those staged, all or
// nothing: replaced files are kept in a backup directory until every move
// succeeded, and put back otherwise.
func (p *Project) moveInto(stage, dir string) (err error) {
	backup := stage + ".old"
	if err := os.Mkdir(backup, 0o700); err != nil {
		return fmt.Errorf("create backup directory next to %s: %w", dir, err)
	}
	defer os.RemoveAll(backup)
	type move struct{ path, saved string }
	var done []move
	var created []string // directories we made inside dir, deepest last
	defer func() {
		if err == nil {
			return
		}
		for i := len(done) - 1; i >= 0; i-- {
			os.Remove(done[i].path)
			if done[i].saved != "" {
				os.Rename(done[i].saved, done[i].path)
			}
		}
		for i := len(created) - 1; i >= 0; i-- {
			os.Remove(created[i])
		}
	}()
	for i, f := range p.Files {
		rel := filepath.FromSlash(f.Path)
		dst := filepath.Join(dir, rel)
		mk, err := mkdirAllRecord(filepath.Dir(dst))
		created = append(created, mk...)
		if err != nil {
			return fmt.Errorf("write %s into %s: %w (no file in %s was changed)", f.Path, dir, err, dir)
		}
		m := move{path: dst}
		if st, err := os.Lstat(dst); err == nil {
			if st.IsDir() {
				return fmt.Errorf("cannot overwrite directory %s with generated file %s: move it away (no file in %s was changed)", dst, f.Path, dir)
			}
			saved := filepath.Join(backup, fmt.Sprint(i))
			if err := rename(dst, saved); err != nil {
				return fmt.Errorf("replace %s: %w (no file in %s was changed)", dst, err, dir)
			}
			m.saved = saved
		}
		done = append(done, m)
		if err := rename(filepath.Join(stage, rel), dst); err != nil {
			return fmt.Errorf("replace %s: %w (no file in %s was changed)", dst, err, dir)
		}
	}
	return nil
}

// mkdirAllRecord is os.MkdirAll returning the directories it created,
// outermost first, so a rollback can remove them.
func mkdirAllRecord(dir string) ([]string, error) {
	var missing []string
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(d); err == nil {
			break
		}
		missing = append([]string{d}, missing...)
		if filepath.Dir(d) == d {
			break
		}
	}
	for i, d := range missing {
		if err := os.Mkdir(d, 0o755); err != nil {
			return missing[:i], err
		}
	}
	return missing, nil
}

// isEmptyDir reports whether dir is missing or an empty directory.
func isEmptyDir(dir string) (bool, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return true, nil
	}
	if err != nil {
		if st, serr := os.Stat(dir); serr == nil && !st.IsDir() {
			return false, fmt.Errorf("%s exists and is not a directory: choose another directory", dir)
		}
		return false, fmt.Errorf("read %s: %w", dir, err)
	}
	return len(entries) == 0, nil
}
