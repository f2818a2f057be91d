package scaffold

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/packer-plugin-dev/packer-plugin-dev/internal/golden"
)

// writeNew writes the golden post-processor project into a temp folder.
func writeNew(t *testing.T) string {
	t.Helper()
	p, err := Render(goldenOptions(PostProcessor))
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "packer-plugin-sample")
	if err := p.Write(dir, false); err != nil {
		t.Fatal(err)
	}
	return dir
}

func add(t *testing.T, dir string, c Component) *Addition {
	t.Helper()
	a, err := PlanAdd(context.Background(), dir, c)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Write(false); err != nil {
		t.Fatal(err)
	}
	return a
}

// new followed by add, on disk, is byte for byte new with the components
// rendered at once: a grown project looks generated whole.
func TestAddOnDiskIsRenderWithAdd(t *testing.T) {
	dir := writeNew(t)
	grown := grownOptions()
	for _, c := range grown.Add {
		add(t, dir, c)
	}
	want, err := Render(grown)
	if err != nil {
		t.Fatal(err)
	}
	got := tree(t, dir)
	for _, f := range want.Files {
		if got[f.Path] != string(f.Data) {
			t.Errorf("%s differs from Render's:\n%s", f.Path, golden.FirstDiff(string(f.Data), got[f.Path]))
		}
		delete(got, f.Path)
	}
	for path := range got {
		if !strings.HasSuffix(path, "/") {
			t.Errorf("%s is on disk but not in Render's project", path)
		}
	}
}

// Adding what is there changes nothing and says so.
func TestAddTwiceChangesNothing(t *testing.T) {
	dir := writeNew(t)
	add(t, dir, Component{Kind: Builder, Name: "tarball"})
	before := tree(t, dir)
	for _, c := range []Component{{Kind: Builder, Name: "tarball"}, {Kind: PostProcessor, Name: "sample"}} {
		a := add(t, dir, c)
		if !a.Already || len(a.Created)+len(a.Changed) > 0 {
			t.Errorf("add %v again: %+v, want Already and nothing written", c, a)
		}
	}
	if after := tree(t, dir); keys(after) != keys(before) {
		t.Fatalf("files changed: %s", keys(after))
	}
}

// A failure while moving files in leaves every file as it was.
func TestAddFailingMidwayChangesNothing(t *testing.T) {
	dir := writeNew(t)
	before := tree(t, dir)
	a, err := PlanAdd(context.Background(), dir, Component{Kind: Datasource, Name: "facts"})
	if err != nil {
		t.Fatal(err)
	}
	calls := 0
	rename = func(from, to string) error {
		calls++
		if calls == 12 {
			return errors.New("disk full")
		}
		return os.Rename(from, to)
	}
	defer func() { rename = os.Rename }()
	if err := a.Write(false); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("Write = %v, want the rename's error", err)
	}
	after := tree(t, dir)
	if keys(after) != keys(before) {
		t.Fatalf("files after a failed add: %s\nbefore: %s", keys(after), keys(before))
	}
	for path, data := range before {
		if after[path] != data {
			t.Errorf("%s changed", path)
		}
	}
	if l := leftovers(t, dir); len(l) > 0 {
		t.Errorf("left behind: %v", l)
	}
}

func TestAddRefusesClashes(t *testing.T) {
	dir := writeNew(t)
	if _, err := PlanAdd(context.Background(), dir, Component{Kind: Builder, Name: "sample"}); err == nil || !strings.Contains(err.Error(), `already has a post-processor named "sample"`) {
		t.Errorf("a builder named like the post-processor: err = %v", err)
	}
	mine := filepath.Join(dir, "example", "x.pkr.hcl")
	if err := os.WriteFile(mine, []byte("# mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	a, err := PlanAdd(context.Background(), dir, Component{Kind: Builder, Name: "x"})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Write(false); err == nil || !strings.Contains(err.Error(), "example/x.pkr.hcl") || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("Write over the user's file: err = %v", err)
	}
	if data, _ := os.ReadFile(mine); string(data) != "# mine\n" {
		t.Fatalf("the user's file was replaced: %q", data)
	}
	if _, err := os.Stat(filepath.Join(dir, "builder", "x")); err == nil {
		t.Fatal("the component was half-written")
	}
}

func TestAddRejectsNonPlugins(t *testing.T) {
	for _, tc := range []struct {
		files map[string]string
		want  string
	}{
		{nil, "has no go.mod"},
		{map[string]string{"go.mod": "module example.com/x\n"}, "no main.go that registers components with plugin.NewSet()"},
		{map[string]string{"go.mod": "module example.com/x\n", "main.go": "package main\n\nfunc main() {\n\ts := plugin.NewSet()\n}\n"}, "cannot tell the plugin name"},
	} {
		dir := filepath.Join(t.TempDir(), "proj")
		os.MkdirAll(dir, 0o755)
		for name, data := range tc.files {
			os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644)
		}
		if _, err := PlanAdd(context.Background(), dir, Component{Kind: Builder, Name: "x"}); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("PlanAdd with %v: err = %v, want %q", tc.files, err, tc.want)
		}
	}
}

func TestGoPackageName(t *testing.T) {
	for _, tc := range []struct {
		kind       Kind
		name, want string
	}{
		{Builder, "tarball", "tarball"},
		{PostProcessor, "sha-manifest", "shamanifest"},
		{Builder, "7zip", "builder7zip"},
		{Datasource, "go", "datasourcego"},
	} {
		if got := goPackageName(tc.kind, tc.name); got != tc.want {
			t.Errorf("goPackageName(%s, %q) = %q, want %q", tc.kind, tc.name, got, tc.want)
		}
	}
}
