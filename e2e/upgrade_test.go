package e2e

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
	"golang.org/x/mod/modfile"
)

// oldSDK is the older SDK the upgrade fixture pins: one the module proxy
// serves, before v0.6.10 and its hcl2spec generator.
const oldSDK = "v0.6.2"

// oldSDKProject writes, in a fresh folder, a project in the shape of
// HashiCorp's scaffolding template (testdata/scaffolding-shape.txtar)
// pinned to oldSDK, with a tidy go.sum.
func oldSDKProject(t *testing.T) string {
	t.Helper()
	ar, err := txtar.ParseFile(filepath.Join("testdata", "scaffolding-shape.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "packer-plugin-acme")
	for _, f := range ar.Files {
		data := f.Data
		if f.Name == "go.mod" {
			data = []byte(strings.Replace(string(data), "packer-plugin-sdk v0.6.10", "packer-plugin-sdk "+oldSDK, 1))
		}
		path := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	goRun(t, dir, "GOFLAGS=-mod=mod", "mod", "tidy")
	return dir
}

// TestUpgradeSDK moves a scaffolding-shaped project from SDK v0.6.2 to the
// pinned version: it ends there with the go-cty replace, builds, passes
// go vet and go generate leaves it as it is, and the output is the
// verdict diff, check by check, and the files changed.
func TestUpgradeSDK(t *testing.T) {
	endToEnd(t)
	dir := oldSDKProject(t)
	cmd := exec.Command(cli(t), "upgrade-sdk", "--dir", dir)
	cmd.Env = append(os.Environ(), "CI=true")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("upgrade-sdk: %v\n%s\n%s", err, out, stderr.String())
	}
	t.Logf("upgrade-sdk said:\n%s", out)
	for _, want := range []string{
		"github.com/hashicorp/packer-plugin-sdk " + oldSDK + " -> v0.6.10",
		"verdicts, check by check",
		"datasource my-datasource  datasource.output",
		"M go.mod",
		"M go.sum",
		"upgraded to v0.6.10: no verdict got worse",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("no %q in the output", want)
		}
	}
	data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	mf, err := modfile.Parse("go.mod", data, nil)
	if err != nil {
		t.Fatal(err)
	}
	sdk, cty := "", ""
	for _, r := range mf.Require {
		if r.Mod.Path == "github.com/hashicorp/packer-plugin-sdk" {
			sdk = r.Mod.Version
		}
	}
	for _, r := range mf.Replace {
		if r.Old.Path == "github.com/zclconf/go-cty" {
			cty = r.New.Path + " " + r.New.Version
		}
	}
	if sdk != "v0.6.10" || cty != "github.com/nywilken/go-cty v1.13.3" {
		t.Errorf("go.mod requires the SDK %s with the go-cty replace %q, want v0.6.10 and github.com/nywilken/go-cty v1.13.3", sdk, cty)
	}
	goRun(t, dir, "", "build", "./...")
	goRun(t, dir, "", "vet", "./...")
	// go generate with the new packer-sdc writes what is there.
	before := tree(t, dir)
	sdcDir := t.TempDir()
	gomod := "module sdc\n\ngo 1.24\n\nrequire github.com/hashicorp/packer-plugin-sdk v0.6.10\n\nreplace github.com/zclconf/go-cty => github.com/nywilken/go-cty v1.13.3\n"
	if err := os.WriteFile(filepath.Join(sdcDir, "go.mod"), []byte(gomod), 0o644); err != nil {
		t.Fatal(err)
	}
	goRun(t, sdcDir, "GOFLAGS=-mod=mod", "build", "-o", filepath.Join(sdcDir, "bin", "packer-sdc"), "github.com/hashicorp/packer-plugin-sdk/cmd/packer-sdc")
	goRun(t, dir, "PATH="+filepath.Join(sdcDir, "bin")+string(os.PathListSeparator)+os.Getenv("PATH"), "generate", "./...")
	if diff := diffTrees(before, tree(t, dir)); diff != "" {
		t.Errorf("go generate after the upgrade changed the project:\n%s", diff)
	}
}

// TestUpgradeSDKRestoresOnFailure forces a failure after go.mod, go.sum and
// the generated files changed (a unit test that fails): upgrade-sdk exits
// 1, says which step failed, and the project is byte for byte as it was.
func TestUpgradeSDKRestoresOnFailure(t *testing.T) {
	endToEnd(t)
	dir := oldSDKProject(t)
	failing := "package scaffolding\n\nimport \"testing\"\n\nfunc TestForcedFailure(t *testing.T) { t.Fatal(\"forced by the e2e test\") }\n"
	if err := os.WriteFile(filepath.Join(dir, "datasource", "scaffolding", "forced_failure_test.go"), []byte(failing), 0o644); err != nil {
		t.Fatal(err)
	}
	before := tree(t, dir)
	cmd := exec.Command(cli(t), "upgrade-sdk", "v0.6.10", "--dir", dir)
	cmd.Env = append(os.Environ(), "CI=true")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	exit, ok := err.(*exec.ExitError)
	if !ok || exit.ExitCode() != 1 {
		t.Fatalf("upgrade-sdk with a failing unit test: %v, want exit status 1\n%s\n%s", err, out, stderr.String())
	}
	t.Logf("upgrade-sdk said:\n%s", out)
	if !strings.Contains(string(out), "step go test ./... failed") || !strings.Contains(string(out), "the project is back as it was") {
		t.Errorf("the output does not say the tests failed and the project was restored:\n%s", out)
	}
	if diff := diffTrees(before, tree(t, dir)); diff != "" {
		t.Errorf("the project differs from how it was:\n%s", diff)
	}
}

// tree is every file and folder under dir but .git: mode and sha256.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		if d.IsDir() && d.Name() == ".git" {
			return filepath.SkipDir
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		v := info.Mode().String()
		if info.Mode().IsRegular() {
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			sum := sha256.Sum256(data)
			v += " " + hex.EncodeToString(sum[:])
		}
		out[rel] = v
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func diffTrees(a, b map[string]string) string {
	var d []string
	for k, v := range a {
		if w, ok := b[k]; !ok {
			d = append(d, "- "+k)
		} else if w != v {
			d = append(d, "M "+k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			d = append(d, "+ "+k)
		}
	}
	return strings.Join(d, "\n")
}
