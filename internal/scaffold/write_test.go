package scaffold

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

func testProject() *Project {
	return &Project{Files: []File{
		{Path: "go.mod", Mode: 0o644, Data: []byte("module x\n")},
		{Path: "main.go", Mode: 0o644, Data: []byte("package main\n")},
		{Path: "pkg/a.go", Mode: 0o644, Data: []byte("package pkg\n")},
		{Path: "pkg/deep/b.go", Mode: 0o644, Data: []byte("package deep\n")},
	}}
}

// tree lists every file under dir with its content.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(dir, path)
		if e.IsDir() {
			if rel != "." {
				out[filepath.ToSlash(rel)+"/"] = ""
			}
			return nil
		}
		b, _ := os.ReadFile(path)
		out[filepath.ToSlash(rel)] = string(b)
		return nil
	})
	return out
}

func keys(m map[string]string) string {
	var k []string
	for key := range m {
		k = append(k, key)
	}
	sort.Strings(k)
	return strings.Join(k, " ")
}

// leftovers are staging or backup directories Write left next to dir.
func leftovers(t *testing.T, dir string) []string {
	entries, _ := os.ReadDir(filepath.Dir(dir))
	var out []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "."+filepath.Base(dir)) {
			out = append(out, e.Name())
		}
	}
	return out
}

func TestWriteNewDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "parent", "proj")
	if err := testProject().Write(dir, false); err != nil {
		t.Fatal(err)
	}
	got := tree(t, dir)
	if keys(got) != "go.mod main.go pkg/ pkg/a.go pkg/deep/ pkg/deep/b.go" || got["pkg/deep/b.go"] != "package deep\n" {
		t.Fatalf("wrote %v", got)
	}
	if st, _ := os.Stat(dir); st.Mode().Perm() != 0o755 {
		t.Errorf("project directory mode %v, want 0755", st.Mode().Perm())
	}
	if st, _ := os.Stat(filepath.Join(dir, "main.go")); st.Mode().Perm() != 0o644 {
		t.Errorf("file mode %v, want 0644", st.Mode().Perm())
	}
	if l := leftovers(t, dir); len(l) != 0 {
		t.Errorf("left behind %v", l)
	}
}

func TestWriteIntoEmptyDirectory(t *testing.T) {
	dir := t.TempDir()
	if err := testProject().Write(dir, false); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "pkg", "a.go")); err != nil {
		t.Fatal(err)
	}
}

// An existing empty folder is filled in place: the same inode, its mode
// (setgid included) kept, so a shell inside it stays in it. "." works too.
func TestWriteFillsEmptyDirectoryInPlace(t *testing.T) {
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o2775); err != nil {
		t.Fatal(err)
	}
	before, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	if err := testProject().Write(".", false); err != nil {
		t.Fatal(err)
	}
	after, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !os.SameFile(before, after) {
		t.Error("the folder was replaced by another one")
	}
	if after.Mode() != before.Mode() {
		t.Errorf("mode %v, was %v", after.Mode(), before.Mode())
	}
	if got := tree(t, dir)["pkg/deep/b.go"]; got != "package deep\n" {
		t.Errorf("pkg/deep/b.go = %q", got)
	}
}

// Replaces names the files --force would overwrite.
func TestReplacesListsExistingGeneratedFiles(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"go.mod", "notes.txt"} {
		if err := os.WriteFile(filepath.Join(dir, f), []byte("mine"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if got := testProject().Replaces(dir); len(got) != 1 || got[0] != "go.mod" {
		t.Errorf("Replaces = %q, want [go.mod]", got)
	}
}

func TestWriteRefusesNonEmptyDirectory(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644)
	err := testProject().Write(dir, false)
	if err == nil || !strings.Contains(err.Error(), dir+" already exists and is not empty") || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("Write into a non-empty dir: err = %v", err)
	}
	if got := tree(t, dir); keys(got) != "notes.txt" {
		t.Fatalf("refused Write changed the directory: %v", got)
	}
}

func TestWriteRefusesAFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "f")
	os.WriteFile(file, nil, 0o644)
	if err := testProject().Write(file, true); err == nil || !strings.Contains(err.Error(), "not a directory") {
		t.Fatalf("Write onto a file: err = %v", err)
	}
}

func TestWriteForceOverwritesOnlyGeneratedFiles(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644)
	os.WriteFile(filepath.Join(dir, "main.go"), []byte("old"), 0o644)
	if err := testProject().Write(dir, true); err != nil {
		t.Fatal(err)
	}
	got := tree(t, dir)
	if got["notes.txt"] != "mine" || got["main.go"] != "package main\n" || got["pkg/deep/b.go"] != "package deep\n" {
		t.Fatalf("after --force: %v", got)
	}
	if l := leftovers(t, dir); len(l) != 0 {
		t.Errorf("left behind %v", l)
	}
}

// failAfter makes the n-th call of a seam fail.
func failAfter(n int, seam *func(string, []byte, fs.FileMode) error) func() {
	orig := *seam
	calls := 0
	*seam = func(name string, data []byte, perm fs.FileMode) error {
		calls++
		if calls > n {
			return errors.New("disk full")
		}
		return orig(name, data, perm)
	}
	return func() { *seam = orig }
}

// failRenameAt makes the n-th rename fail with "device busy".
func failRenameAt(n int) func() {
	orig := rename
	calls := 0
	rename = func(from, to string) error {
		calls++
		if calls == n {
			return errors.New("device busy")
		}
		return orig(from, to)
	}
	return func() { rename = orig }
}

func TestWriteFailingMidwayLeavesNothing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "proj")
	defer failAfter(2, &writeFile)()
	err := testProject().Write(dir, false)
	if err == nil || !strings.Contains(err.Error(), "disk full") || !strings.Contains(err.Error(), "nothing was written") {
		t.Fatalf("err = %v", err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("failed Write created %s: %v", dir, err)
	}
	if l := leftovers(t, dir); len(l) != 0 {
		t.Errorf("left behind %v", l)
	}
}

func TestWriteForceFailingMidwayRestoresEverything(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644)
	os.WriteFile(filepath.Join(dir, "main.go"), []byte("old main"), 0o644)
	os.MkdirAll(filepath.Join(dir, "pkg"), 0o755)
	os.WriteFile(filepath.Join(dir, "pkg", "a.go"), []byte("old a"), 0o644)
	before := tree(t, dir)

	// Moving files into place: go.mod and main.go (with its backup) succeed,
	// then the move fails; everything must be rolled back.
	defer failRenameAt(4)()

	err := testProject().Write(dir, true)
	if err == nil || !strings.Contains(err.Error(), "device busy") || !strings.Contains(err.Error(), "no file in") {
		t.Fatalf("err = %v", err)
	}
	if after := tree(t, dir); keys(after) != keys(before) || after["main.go"] != "old main" || after["pkg/a.go"] != "old a" {
		t.Fatalf("failed --force Write changed the directory:\nbefore %v\nafter  %v", before, after)
	}
	if l := leftovers(t, dir); len(l) != 0 {
		t.Errorf("left behind %v", l)
	}
}

func TestWriteForceRefusesToReplaceADirectory(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "main.go"), 0o755)
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644)
	before := tree(t, dir)
	if err := testProject().Write(dir, true); err == nil || !strings.Contains(err.Error(), "cannot overwrite directory") {
		t.Fatalf("err = %v", err)
	}
	if after := tree(t, dir); keys(after) != keys(before) {
		t.Fatalf("directory changed:\nbefore %v\nafter  %v", before, after)
	}
}

func TestWriteForceFailingMidwayRemovesCreatedDirectories(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "main.go"), []byte("old main"), 0o644)
	before := tree(t, dir)

	// go.mod, main.go (backup + move) and pkg/a.go go in, creating pkg/;
	// pkg/deep/b.go is created as a directory and then its move fails.
	defer failRenameAt(5)()

	if err := testProject().Write(dir, true); err == nil || !strings.Contains(err.Error(), "device busy") {
		t.Fatalf("err = %v", err)
	}
	if after := tree(t, dir); keys(after) != keys(before) || after["main.go"] != "old main" {
		t.Fatalf("failed --force Write changed the directory:\nbefore %v\nafter  %v", before, after)
	}
}
