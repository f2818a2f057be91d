package upgrade

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
)

// snapshot is a project's files as they were, kept in a folder of its own,
// so the project can be put back byte for byte: contents, modes, files
// added since removed, folders too. .git is the user's and left alone.
type snapshot struct {
	root  string
	copy  string
	files map[string]entry // relative path -> what it was
}

type entry struct {
	mode fs.FileMode
	sum  [32]byte
	link string // a symlink's target
}

func skip(rel string) bool { return rel == ".git" }

// take copies root's tree into dir.
func take(root, dir string) (*snapshot, error) {
	s := &snapshot{root: root, copy: dir, files: map[string]entry{}}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if rel == "." {
			return nil
		}
		if skip(rel) {
			return filepath.SkipDir
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		dst := filepath.Join(dir, rel)
		switch {
		case d.IsDir():
			s.files[rel] = entry{mode: info.Mode()}
			return os.MkdirAll(dst, 0o755)
		case info.Mode()&fs.ModeSymlink != 0:
			target, err := os.Readlink(path)
			if err != nil {
				return err
			}
			s.files[rel] = entry{mode: info.Mode(), link: target}
			return nil
		case info.Mode().IsRegular():
			sum, err := copyFile(path, dst)
			if err != nil {
				return err
			}
			s.files[rel] = entry{mode: info.Mode(), sum: sum}
			return nil
		}
		return nil // sockets, pipes: not the project's content
	})
	return s, err
}

func copyFile(src, dst string) ([32]byte, error) {
	var sum [32]byte
	in, err := os.Open(src)
	if err != nil {
		return sum, err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return sum, err
	}
	h := sha256.New()
	_, err = io.Copy(io.MultiWriter(out, h), in)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	copy(sum[:], h.Sum(nil))
	return sum, err
}

func hashFile(path string) ([32]byte, error) {
	var sum [32]byte
	f, err := os.Open(path)
	if err != nil {
		return sum, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return sum, err
	}
	copy(sum[:], h.Sum(nil))
	return sum, nil
}

// FileChange is one file the upgrade changed: "M" modified, "A" added,
// "D" deleted.
type FileChange struct {
	Op   string `json:"op"`
	Path string `json:"path"`
}

// changes lists what differs from the snapshot now, sorted by path.
func (s *snapshot) changes() ([]FileChange, error) {
	var out []FileChange
	seen := map[string]bool{}
	err := filepath.WalkDir(s.root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(s.root, path)
		if rel == "." {
			return nil
		}
		if skip(rel) {
			return filepath.SkipDir
		}
		seen[rel] = true
		info, err := d.Info()
		if err != nil {
			return err
		}
		was, ok := s.files[rel]
		if d.IsDir() {
			if !ok {
				out = append(out, FileChange{"A", rel + "/"})
			}
			return nil
		}
		if !info.Mode().IsRegular() && info.Mode()&fs.ModeSymlink == 0 {
			return nil
		}
		if !ok {
			out = append(out, FileChange{"A", rel})
			return nil
		}
		if same, err := s.same(path, info, was); err != nil {
			return err
		} else if !same {
			out = append(out, FileChange{"M", rel})
		}
		return nil
	})
	for rel, e := range s.files {
		if !seen[rel] {
			name := rel
			if e.mode.IsDir() {
				name += "/"
			}
			out = append(out, FileChange{"D", name})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, err
}

func (s *snapshot) same(path string, info fs.FileInfo, was entry) (bool, error) {
	if info.Mode() != was.mode {
		return false, nil
	}
	if was.mode&fs.ModeSymlink != 0 {
		target, err := os.Readlink(path)
		return target == was.link, err
	}
	sum, err := hashFile(path)
	return bytes.Equal(sum[:], was.sum[:]), err
}

// restore puts the project back as it was in the snapshot.
func (s *snapshot) restore() error {
	changes, err := s.changes()
	if err != nil {
		return err
	}
	var errs []error
	// Removals first, deepest last in sorted order: remove added trees.
	for i := len(changes) - 1; i >= 0; i-- {
		c := changes[i]
		if c.Op == "A" {
			errs = append(errs, os.RemoveAll(filepath.Join(s.root, filepath.Clean(c.Path))))
		}
	}
	for _, c := range changes {
		rel := filepath.Clean(c.Path)
		if c.Op == "A" {
			continue
		}
		was := s.files[rel]
		path := filepath.Join(s.root, rel)
		switch {
		case was.mode.IsDir():
			errs = append(errs, os.MkdirAll(path, was.mode.Perm()), os.Chmod(path, was.mode.Perm()))
		case was.mode&fs.ModeSymlink != 0:
			_ = os.Remove(path)
			errs = append(errs, os.Symlink(was.link, path))
		default:
			_ = os.Remove(path) // a file whose mode or content changed
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				errs = append(errs, err)
				continue
			}
			_, err := copyFile(filepath.Join(s.copy, rel), path)
			errs = append(errs, err, os.Chmod(path, was.mode.Perm()))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	left, err := s.changes()
	if err == nil && len(left) > 0 {
		return errors.New("the project still differs from how it was: " + left[0].Op + " " + left[0].Path)
	}
	return err
}
