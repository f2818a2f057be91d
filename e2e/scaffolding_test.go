package e2e

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// TestScaffoldingTemplate: HashiCorp's real packer-plugin-scaffolding
// template (testdata/packer-plugin-scaffolding.txtar, go 1.24 and SDK
// v0.6.1), grown by `add` with a component of each kind, builds, vets and
// passes its tests with go.mod and go.sum as add left them (-mod=readonly,
// as its CI runs), and every added component passes the conformance suite:
// no manual step between add's next steps and a working plugin.
func TestScaffoldingTemplate(t *testing.T) {
	endToEnd(t)
	t.Parallel()
	dir := extractTxtar(t, filepath.Join("testdata", "packer-plugin-scaffolding.txtar"), filepath.Join(t.TempDir(), "packer-plugin-scaffolding"))
	g := &generated{dir: dir, plugin: "scaffolding"}
	added := map[string]string{
		"provisioner":    "greet",
		"builder":        "tarball",
		"post-processor": "sha-manifest",
		"datasource":     "facts",
	}
	for _, kind := range []string{"provisioner", "builder", "post-processor", "datasource"} {
		out := g.add(t, kind, added[kind])
		if kind == "provisioner" && !strings.Contains(out, "tidied with go mod tidy") {
			t.Errorf("the first add raised the template's SDK without saying so:\n%s", out)
		}
	}
	goRun(t, dir, "", "build", "./...")
	goRun(t, dir, "", "vet", "./...")
	goRun(t, dir, "", "test", "-count=1", "./...")
	goRun(t, dir, "", "mod", "tidy", "-diff")
	g.build(t)

	// The template's own components and metadata.hcl are the template's
	// (placeholders the suite reports); the added ones must pass.
	cmd := exec.Command(cli(t), "test", g.bin, "--format", "json")
	cmd.Env = append(os.Environ(), "CI=true")
	out, err := cmd.Output()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatal(err)
	}
	var report struct {
		Components []struct {
			Kind   string  `json:"kind"`
			Name   string  `json:"name"`
			Checks []check `json:"checks"`
		} `json:"components"`
	}
	if err := json.Unmarshal(out, &report); err != nil {
		t.Fatalf("the JSON report does not parse: %v\n%s", err, out)
	}
	seen := 0
	for _, c := range report.Components {
		if added[c.Kind] != c.Name && added[c.Kind] != strings.TrimPrefix(c.Name, "scaffolding-") {
			continue
		}
		seen++
		for _, ch := range c.Checks {
			cancelSkip := ch.Status == "skip" && strings.HasSuffix(ch.ID, ".cancel") && strings.Contains(ch.Message, "nothing to cancel it in")
			if ch.Status != "pass" && !cancelSkip {
				t.Errorf("%s %s: %s %s: %s", c.Kind, c.Name, ch.ID, ch.Status, ch.Message)
			}
		}
	}
	if seen != len(added) {
		t.Errorf("the report has %d of the %d added components:\n%s", seen, len(added), out)
	}
}

// extractTxtar writes the files of the txtar archive file into dir.
func extractTxtar(t *testing.T, file, dir string) string {
	t.Helper()
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range ar.Files {
		path := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
