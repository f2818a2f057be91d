package scaffold

import (
	"bytes"
	"encoding/json"
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

// TestGeneratedProjectsBuild proves, for every kind, that a freshly written
// project vets, builds and passes its own tests as it is, that its
// go.mod and go.sum are already tidy, that the committed HCL2 spec is
// exactly what go generate produces, and that the binary describes itself
// the way Packer expects. The four projects run one after another: builds
// are the slow part and share the build cache.
func TestGeneratedProjectsBuild(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Fatalf("the go tool is needed to build generated projects: %v", err)
	}
	for _, k := range Kinds {
		t.Run(string(k), func(t *testing.T) {
			p, err := Render(Options{Kind: k, Name: "sample", Owner: "acme"})
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

			spec := k.GoPackage() + "/config.hcl2spec.go"
			os.Remove(filepath.Join(dir, spec))
			run(t, dir, "go", "generate", "./...")
			generated, err := os.ReadFile(filepath.Join(dir, spec))
			if err != nil {
				t.Fatalf("go generate did not write %s: %v", spec, err)
			}
			if !bytes.Equal(generated, p.File(spec).Data) {
				t.Fatalf("%s differs from go generate's output (run scripts/update-template-deps.sh):\n%s",
					spec, firstDiff(string(p.File(spec).Data), string(generated)))
			}

			var desc struct {
				Version    string   `json:"version"`
				APIVersion string   `json:"api_version"`
				Builders   []string `json:"builders"`
				Provision  []string `json:"provisioners"`
				PostProc   []string `json:"post_processors"`
				Datasource []string `json:"datasources"`
			}
			out := run(t, dir, filepath.Join(dir, "packer-plugin-sample"), "describe")
			if err := json.Unmarshal([]byte(out), &desc); err != nil {
				t.Fatalf("describe printed %q: %v", out, err)
			}
			lists := map[Kind][]string{Builder: desc.Builders, Provisioner: desc.Provision,
				PostProcessor: desc.PostProc, Datasource: desc.Datasource}
			for kind, names := range lists {
				want := 0
				if kind == k {
					want = 1
				}
				if len(names) != want || (want == 1 && names[0] != "-packer-default-plugin-name-") {
					t.Errorf("describe lists %s %v, want the %s under the default name only", kind, names, k)
				}
			}
			if desc.Version != "0.1.0-dev" || desc.APIVersion != "x5.0" {
				t.Errorf("describe: version %q api %q, want 0.1.0-dev and x5.0", desc.Version, desc.APIVersion)
			}
		})
	}
}
