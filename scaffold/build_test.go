package scaffold

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// goEnv runs the go tool as a user's first build would: -mod=readonly, so a
// go.mod or go.sum that lacks anything fails instead of being fixed up. The
// proxy stays on: a fresh machine (CI's) has to download the modules once,
// and go.sum still checks every byte of them. The build cache is the
// user's, shared by all four projects (they have most packages in common).
func goEnv() []string {
	return append(os.Environ(),
		"GOFLAGS=-mod=readonly", "GOWORK=off", "GOTOOLCHAIN=local", "CGO_ENABLED=0")
}

func run(t *testing.T, dir string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = goEnv()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s in %s: %v\n%s", name, strings.Join(args, " "), dir, err, out)
	}
	return string(out)
}

// TestGeneratedProjectsBuild proves, for every kind, and for the project
// with one component of each kind (a post-processor from new and three
// added), that a freshly written project vets, builds and passes its own
// tests as it is, that its go.mod and go.sum are already tidy, that the
// committed HCL2 specs are exactly what go generate produces, and that the
// binary describes itself the way Packer expects. The projects run one
// after another: builds are the slow part and share the build cache.
func TestGeneratedProjectsBuild(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Fatalf("the go tool is needed to build generated projects: %v", err)
	}
	cases := []struct {
		name string
		opts Options
		want map[string][]string // describe's lists
	}{{"grown", grownOptions(), map[string][]string{
		"builders": {"tarball"}, "provisioners": {"remote-run"},
		"post_processors": {"-packer-default-plugin-name-"}, "datasources": {"file-facts"},
	}}}
	lists := map[Kind]string{Builder: "builders", Provisioner: "provisioners", PostProcessor: "post_processors", Datasource: "datasources"}
	for _, k := range Kinds {
		want := map[string][]string{}
		for _, kk := range Kinds {
			want[lists[kk]] = []string{}
		}
		want[lists[k]] = []string{"-packer-default-plugin-name-"}
		cases = append(cases, struct {
			name string
			opts Options
			want map[string][]string
		}{string(k), goldenOptions(k), want})
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Render(tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			dir := filepath.Join(t.TempDir(), "packer-plugin-sample")
			if err := p.Write(dir, false); err != nil {
				t.Fatal(err)
			}
			run(t, dir, "go", "vet", "./...")
			run(t, dir, "go", "build", "-o", "packer-plugin-sample", ".")
			run(t, dir, "go", "test", "-count=1", "./...")
			// go.mod and go.sum need no change: the project is complete.
			run(t, dir, "go", "mod", "tidy", "-diff")

			specs, _ := filepath.Glob(filepath.Join(dir, "*", "*", "config.hcl2spec.go"))
			if len(specs) != 1+len(tc.opts.Add) {
				t.Fatalf("HCL2 specs %v, want one per component", specs)
			}
			for _, s := range specs {
				os.Remove(s)
			}
			// Everything go generate writes goes, docs included, so it has
			// to write it all again; a second run must change nothing.
			for _, gone := range []string{partialsDir, webDocsDir + "/components", webDocsDir + "/README.md"} {
				os.RemoveAll(filepath.Join(dir, gone))
			}
			for range 2 {
				run(t, dir, "go", "generate", "./...")
				isRendered(t, dir, p, "packer-plugin-sample")
			}

			var desc map[string]any
			out := run(t, dir, filepath.Join(dir, "packer-plugin-sample"), "describe")
			if err := json.Unmarshal([]byte(out), &desc); err != nil {
				t.Fatalf("describe printed %q: %v", out, err)
			}
			for list, want := range tc.want {
				if got := fmt.Sprint(desc[list]); got != fmt.Sprint(want) {
					t.Errorf("describe lists %s %s, want %v", list, got, want)
				}
			}
			if desc["version"] != "0.1.0-dev" || desc["api_version"] != "x5.0" {
				t.Errorf("describe: version %v api %v, want 0.1.0-dev and x5.0", desc["version"], desc["api_version"])
			}
		})
	}
}

// isRendered fails unless dir holds exactly p's files (and extra), byte
// for byte: what go generate wrote is what Render put there.
func isRendered(t *testing.T, dir string, p *Project, extra ...string) {
	t.Helper()
	seen := map[string]bool{}
	for _, e := range extra {
		seen[e] = true
	}
	for _, f := range p.Files {
		seen[f.Path] = true
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.Path)))
		if err != nil {
			t.Errorf("go generate removed %s: %v", f.Path, err)
			continue
		}
		if !bytes.Equal(got, f.Data) {
			t.Errorf("%s differs from go generate's output (run scripts/update-template-deps.sh):\n%s",
				f.Path, firstDiff(string(f.Data), string(got)))
		}
	}
	filepath.WalkDir(dir, func(path string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		if !seen[filepath.ToSlash(rel)] {
			t.Errorf("go generate wrote %s, which Render does not", rel)
		}
		return nil
	})
}
