// Package golden compares test output with a golden file, or a folder of
// them, which the test binary's -update flag rewrites.
package golden

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files with what the tests produce")

// Check fails t unless got equals the file at path; with -update it writes
// got there first.
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update writes it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (go test -update rewrites it):\n%s", path, got)
	}
}

// CheckDir fails t unless dir holds exactly files (slash-separated paths
// relative to dir, and their contents): a file that differs, one that is
// missing and one that is no longer produced each fail. With -update it
// first rewrites dir to hold exactly files.
func CheckDir(t testing.TB, dir string, files map[string][]byte) {
	t.Helper()
	if *update {
		if err := os.RemoveAll(dir); err != nil {
			t.Fatal(err)
		}
		for path, data := range files {
			dst := filepath.Join(dir, filepath.FromSlash(path))
			if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(dst, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	stale := map[string]bool{}
	filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			rel, _ := filepath.Rel(dir, path)
			stale[filepath.ToSlash(rel)] = true
		}
		return nil
	})
	for _, path := range slices.Sorted(maps.Keys(files)) {
		want, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(path)))
		if err != nil {
			t.Errorf("%s is produced but has no golden file (go test -update writes it): %v", path, err)
			continue
		}
		delete(stale, path)
		if !bytes.Equal(files[path], want) {
			t.Errorf("%s differs from its golden file (go test -update rewrites it):\n%s", path, FirstDiff(string(want), string(files[path])))
		}
	}
	for _, path := range slices.Sorted(maps.Keys(stale)) {
		t.Errorf("golden file %s is no longer produced (go test -update removes it)", path)
	}
}

// FirstDiff shows the first line where got differs from want.
func FirstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d:\n  golden: %s\n  got:    %s", i+1, wl, gl)
		}
	}
	return ""
}
