package upgrade

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// restore puts a project back byte for byte: modified, added, deleted
// files and folders, modes; .git is left alone.
func TestSnapshotRestoresByteForByte(t *testing.T) {
	root := t.TempDir()
	write := func(rel, data string, mode os.FileMode) {
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, mode); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module x\n", 0o644)
	write("b/spec.hcl2spec.go", "old spec\n", 0o644)
	write("d/gone.go", "package d\n", 0o644)
	write("run.sh", "#!/bin/sh\n", 0o755)
	write(".git/HEAD", "ref\n", 0o644)
	s, err := take(root, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}

	write("go.mod", "module x\n\nrequire y v1\n", 0o644)
	write("b/spec.hcl2spec.go", "new spec\n", 0o644)
	write("new/dir/file.go", "package dir\n", 0o644)
	write("run.sh", "#!/bin/sh\n", 0o644)
	write(".git/HEAD", "changed\n", 0o644)
	if err := os.RemoveAll(filepath.Join(root, "d")); err != nil {
		t.Fatal(err)
	}
	changes, err := s.changes()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range changes {
		got = append(got, c.Op+" "+c.Path)
	}
	want := []string{"M b/spec.hcl2spec.go", "D d/", "D d/gone.go", "M go.mod", "A new/", "A new/dir/", "A new/dir/file.go", "M run.sh"}
	if !slices.Equal(got, want) {
		t.Errorf("changes = %q\nwant %q", got, want)
	}
	if err := s.restore(); err != nil {
		t.Fatal(err)
	}
	if left, _ := s.changes(); len(left) != 0 {
		t.Errorf("after restore: %v", left)
	}
	if b, _ := os.ReadFile(filepath.Join(root, ".git/HEAD")); string(b) != "changed\n" {
		t.Errorf(".git was touched: %q", b)
	}
}
