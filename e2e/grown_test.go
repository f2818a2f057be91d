package e2e

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/packer-plugin-dev/packer-plugin-dev/internal/plugindocs"
)

// TestGrownProject: `new` makes one kind, `add` the other three. The
// project's own CI workflow, run as written, passes: it vets, builds and
// tests, go generate leaves it unchanged, the conformance suite passes, and
// real Packer installs the plugin and builds every example. Every check
// passes, none skips, and the provisioner's example, which the workflow
// only validates, builds against a local sshd.
func TestGrownProject(t *testing.T) {
	endToEnd(t)
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("the workflow runs on ubuntu-latest")
	}
	ssh := sharedSSHD(t)
	g := generate(t, "post-processor", "grown", "builder:tarball", "provisioner:remote-run", "datasource:file-facts")
	out := runTestWorkflow(t, g)
	for _, want := range []string{
		"Wrote checksum manifest of 1 file(s) to grown.sha256sums", // post-processor "grown"
		"Build 'grown-tarball.example' finished",                   // source "grown-tarball"
		"tarball wrote tarball-output.txt: hello from tarball",
		"file-facts: file-facts.txt has ", // data "grown-file-facts"
		"example/remote-run.pkr.hcl needs a machine to connect to: not built here",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in the workflow's output:\n%s", want, out)
		}
	}

	// The workflow vetted, tested and regenerated the project; its go.mod
	// and go.sum were tidy too.
	goRun(t, g.dir, "", "mod", "tidy", "-diff")
	// The workflow built the plugin in the project, as a release.
	g.bin = g.projectBin()
	passesConformance(t, g, "post-processor/grown", "builder/tarball", "provisioner/remote-run", "datasource/file-facts")
	p := newPacker(t, g)
	p.install(g)
	build := p.run("build", "-var", "host="+ssh.Host, "-var", "port="+strconv.Itoa(ssh.Port),
		"-var", "username="+ssh.User, "-var", "private_key_file="+ssh.KeyPath, "example/remote-run.pkr.hcl")
	finished(t, build, "null.example")
	if !strings.Contains(build, "remote-run ran on ") { // provisioner "grown-remote-run"
		t.Errorf("the provisioner did not run:\n%s", build)
	}
}

// TestScaffoldingShapeProject: a project shaped like HashiCorp's
// packer-plugin-scaffolding template (testdata/scaffolding-shape.txtar),
// grown by `add`, passes the same checks as a generated one, its own
// component included.
func TestScaffoldingShapeProject(t *testing.T) {
	endToEnd(t)
	t.Parallel()
	ar, err := txtar.ParseFile(filepath.Join("testdata", "scaffolding-shape.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "packer-plugin-acme")
	for _, f := range ar.Files {
		path := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Its users' go.sum is tidy; the fixture's is made so here.
	goRun(t, dir, "GOFLAGS=-mod=mod", "mod", "tidy")

	g := &generated{dir: dir, plugin: "acme"}
	out := g.add(t, "post-processor", "sha-manifest")
	if !strings.Contains(out, `post-processor "acme-sha-manifest"`) || !strings.Contains(out, "To do: README.md has no") {
		t.Errorf("add said:\n%s", out)
	}
	// The template's go:generate lines run packer-sdc from PATH, as its
	// Makefile installs it; add made it a go.mod tool, so it builds here.
	bin := t.TempDir()
	goRun(t, dir, "", "build", "-o", filepath.Join(bin, "packer-sdc"), "github.com/hashicorp/packer-plugin-sdk/cmd/packer-sdc")
	isSoundGoProject(t, dir, specs, "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	g.build(t)
	// The template's own files are the template's: no metadata.hcl in this
	// fixture, and its page of my-datasource is docs/datasources/datasource.mdx,
	// named after no component.
	passesConformanceBut(t, g, map[string]string{
		"plugin docs.metadata":               "skip",
		"datasource/my-datasource docs.spec": "warn",
	}, "datasource/my-datasource", "post-processor/sha-manifest")

	p := newPacker(t, g)
	p.install(g)
	out = p.buildEveryExample(nil)
	for _, want := range []string{"hi from my-datasource", "Wrote checksum manifest of 1 file(s) to sha-manifest.sha256sums"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in the builds' output:\n%s", want, out)
		}
	}
}

// generates is what a project's go generate writes.
type generates int

const (
	// specs: the HCL2 specs only (HashiCorp's template makes its docs with
	// make generate).
	specs generates = iota
	// specsAndDocs: the specs, struct-markdown's partials and the compiled
	// .web-docs pages, as in a project made by new.
	specsAndDocs
)

// isSoundGoProject: the project vets and passes its own tests with the
// go.mod and go.sum it has, which are tidy, and go generate (run with the
// environment setting genEnv, if any), after the files it writes are removed, writes each again byte
// for byte and nothing else: what the project was made with is what its
// own tools produce.
func isSoundGoProject(t *testing.T, dir string, writes generates, genEnv string) {
	t.Helper()
	goRun(t, dir, "", "vet", "./...")
	goRun(t, dir, "", "test", "-count=1", "./...")
	goRun(t, dir, "", "mod", "tidy", "-diff")
	before := hashes(t, dir)
	removeGenerated(t, dir, writes)
	goRun(t, dir, genEnv, "generate", "./...")
	after := hashes(t, dir)
	for path, sum := range after {
		if before[path] != sum {
			t.Errorf("go generate wrote %s differently from the project as made (templates out of date: scripts/update-template-deps.sh)", path)
		}
	}
	for path := range before {
		if _, ok := after[path]; !ok {
			t.Errorf("go generate did not write %s again", path)
		}
	}
}

// removeGenerated removes what go generate writes in a plugin project
// (metadata.hcl is the author's).
func removeGenerated(t *testing.T, dir string, writes generates) {
	t.Helper()
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".hcl2spec.go") {
			err = os.Remove(path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if writes != specsAndDocs {
		return
	}
	for _, p := range []string{plugindocs.PartialsDir, plugindocs.ComponentsDir, plugindocs.ReadmeFile} {
		if err := os.RemoveAll(filepath.Join(dir, filepath.FromSlash(p))); err != nil {
			t.Fatal(err)
		}
	}
}

// goRun runs the go command in dir as a user's CI would: -mod=readonly,
// so a go.mod or go.sum that lacks anything fails (env overrides it).
func goRun(t *testing.T, dir, env string, args ...string) {
	t.Helper()
	cmd := goCommand(dir, args...)
	if env != "" {
		cmd.Env = append(cmd.Env, env)
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go %s in %s: %v\n%s", strings.Join(args, " "), dir, err, out)
	}
}

// hashes is the sha256 of every file under dir but .git.
func hashes(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == ".git" {
				return filepath.SkipDir
			}
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		rel, _ := filepath.Rel(dir, path)
		out[rel] = hex.EncodeToString(sum[:])
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// exampleSource finds the source an example builds: its build's name is
// <type>.example.
var exampleSource = regexp.MustCompile(`(?m)^source "([^"]+)" "example"`)

// goCommand is the go command in dir as a user's CI runs it:
// -mod=readonly, so a go.mod or go.sum that lacks anything fails.
func goCommand(dir string, args ...string) *exec.Cmd {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=readonly", "GOWORK=off", "GOTOOLCHAIN=local")
	return cmd
}

// buildEveryExample validates each example template as generated, then
// builds it (a provisioner's against ssh), and returns the builds' output.
func (p *packerRun) buildEveryExample(ssh *sshServer) string {
	p.t.Helper()
	examples, _ := filepath.Glob(filepath.Join(p.dir, "example", "*.pkr.hcl"))
	if len(examples) == 0 {
		p.t.Fatalf("no example templates in %s", p.dir)
	}
	var all strings.Builder
	for _, e := range examples {
		rel, _ := filepath.Rel(p.dir, e)
		p.run("validate", rel)
		var vars []string
		src, _ := os.ReadFile(e)
		if strings.Contains(string(src), `communicator         = "ssh"`) {
			if ssh == nil {
				p.t.Fatalf("%s needs an sshd", rel)
			}
			vars = []string{"-var", "host=" + ssh.Host, "-var", "port=" + strconv.Itoa(ssh.Port),
				"-var", "username=" + ssh.User, "-var", "private_key_file=" + ssh.KeyPath}
		}
		out := p.run(append(append([]string{"build"}, vars...), rel)...)
		build := "null.example"
		if m := exampleSource.FindSubmatch(src); m != nil {
			build = string(m[1]) + ".example"
		}
		finished(p.t, out, build)
		all.WriteString(out)
	}
	return all.String()
}
