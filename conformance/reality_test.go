package conformance

// Checks against reality: the same misbehave plugin run through a real
// Packer 1.16.0, asserting what Packer does, so the checks stay tied to
// core's true behaviour.

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/packer-plugin-dev/packer-plugin-dev/conformance/report"
	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/packertest"
)

type realPacker struct {
	bin string
	env []string
}

var (
	realOnce sync.Once
	realP    *realPacker
	realErr  error
)

// packerWith returns a real Packer with the misbehave plugin installed as
// github.com/test/misbehave in a private plugin folder.
func packerWith(t testing.TB) *realPacker {
	t.Helper()
	bin := testBin(t)
	realOnce.Do(func() {
		var p realPacker
		if p.bin, realErr = packertest.Binary(); realErr != nil {
			return
		}
		dir := filepath.Join(buildDir, "packer")
		p.env = packertest.Env(filepath.Join(dir, "plugins"), filepath.Join(dir, "home"))
		cmd := exec.Command(p.bin, "plugins", "install", "--path", bin, "github.com/test/misbehave")
		cmd.Env = p.env
		if out, err := cmd.CombinedOutput(); err != nil {
			realErr = &installError{err: err, out: string(out)}
			return
		}
		realP = &p
	})
	if realErr != nil {
		t.Fatalf("real Packer: %v", realErr)
	}
	return realP
}

type installError struct {
	err error
	out string
}

func (e *installError) Error() string {
	return "packer plugins install: " + e.err.Error() + "\n" + e.out
}

// run runs packer with args in dir and returns its machine-readable output.
func (p *realPacker) run(t testing.TB, dir string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(p.bin, args...)
	cmd.Dir = dir
	cmd.Env = p.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

// template writes a build of the built-in file builder (whose artifact is
// the real file in.txt) followed by post-processor pp, and returns its
// folder.
func template(t testing.TB, pp string) string {
	t.Helper()
	dir := t.TempDir()
	src := `source "file" "in" {
  content = "conformance input\n"
  target  = "in.txt"
}

build {
  sources = ["source.file.in"]
  post-processor "` + pp + `" {}
}
`
	if err := os.WriteFile(filepath.Join(dir, "build.pkr.hcl"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// A post-processor returning its own input with keep=false: Packer reports
// success and an artifact whose file it has already destroyed. The suite
// fails postprocess.keep for it, and passes it for conf-good, with which
// Packer keeps every file.
func TestRealityKeepOwnInputLosesFiles(t *testing.T) {
	p := packerWith(t)
	r := misbehaveSuite(t)

	dir := template(t, "misbehave-keep-own-input")
	out, err := p.run(t, dir, "build", "-machine-readable", ".")
	if err != nil {
		t.Fatalf("packer build: %v\n%s", err, out)
	}
	if !strings.Contains(out, "artifact,0,file,0,in.txt") {
		t.Fatalf("Packer did not report in.txt as the final artifact's file:\n%s", out)
	}
	if exists(filepath.Join(dir, "in.txt")) {
		t.Fatal("in.txt still exists: Packer no longer destroys a returned input with keep=false; revisit postprocess.keep")
	}
	if res, _ := r.Result("post-processor", "keep-own-input", "postprocess.keep"); res.Status != report.Fail {
		t.Errorf("the suite says %s for what real Packer breaks: %s", res.Status, res.Message)
	}

	good := template(t, "misbehave-conf-good")
	if out, err := p.run(t, good, "build", "-machine-readable", "."); err != nil {
		t.Fatalf("packer build: %v\n%s", err, out)
	}
	for _, f := range []string{"in.txt", "misbehave-conf-good.out"} {
		if !exists(filepath.Join(good, f)) {
			t.Errorf("with conf-good, %s is missing after the build", f)
		}
	}
	if res, _ := r.Result("post-processor", "conf-good", "postprocess.keep"); res.Status != report.Pass {
		t.Errorf("the suite says %s for what real Packer handles: %s", res.Status, res.Message)
	}
}

// A file written in Configure is written by `packer validate` itself; the
// suite fails config.side-effects for it. conf-good leaves the folder as
// it was.
func TestRealitySideEffectDuringValidate(t *testing.T) {
	p := packerWith(t)
	r := misbehaveSuite(t)

	dir := template(t, "misbehave-writes-cwd")
	if out, err := p.run(t, dir, "validate", "."); err != nil {
		t.Fatalf("packer validate: %v\n%s", err, out)
	}
	if !exists(filepath.Join(dir, "writes-cwd.txt")) {
		t.Fatal("packer validate did not run Configure's write: revisit config.side-effects")
	}
	rs, err := RunSuite(testContext(t), Options{Binary: testBin(t), Only: mustComponents(t, "post-processor/writes-cwd"), Filter: Filter{Run: `^config\.side-effects$`}})
	if err != nil {
		t.Fatal(err)
	}
	if res, _ := rs.Result("post-processor", "writes-cwd", "config.side-effects"); res.Status != report.Fail || !strings.Contains(res.Message, "writes-cwd.txt") {
		t.Errorf("the suite says %s %q for a write real Packer performs in validate", res.Status, res.Message)
	}

	good := template(t, "misbehave-conf-good")
	if out, err := p.run(t, good, "validate", "."); err != nil {
		t.Fatalf("packer validate: %v\n%s", err, out)
	}
	entries, _ := os.ReadDir(good)
	if len(entries) != 1 {
		t.Errorf("packer validate with conf-good left %d entries, want only the template", len(entries))
	}
	if res, _ := r.Result("post-processor", "conf-good", "config.side-effects"); res.Status != report.Pass {
		t.Errorf("the suite says %s for conf-good: %s", res.Status, res.Message)
	}
}

func mustComponents(t testing.TB, specs ...string) []harness.Component {
	t.Helper()
	cs, err := ParseComponents(specs)
	if err != nil {
		t.Fatal(err)
	}
	return cs
}
