package conformance

// Every defect whose check has a repro (every FAIL that real Packer can
// show, and the WARNs it shows with some templates) is shown by its repro
// in a real Packer 1.16.0, and the same repro run on the well-behaved
// component of the same kind shows nothing: a repro tells, it does not
// just fail.

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/packer-plugin-dev/packer-plugin-dev/internal/packertest"
)

// noReproRun are defects whose repro exists but is too slow to run here:
// Packer waits 60 s for a handshake, and forever for a Configure that
// hangs.
var noReproRun = map[string]string{
	"no-handshake": "Packer waits 60 s for the handshake",
	"hangs":        "Packer waits for Configure as long as it hangs",
}

// runRepro runs a repro folder's repro.sh with packer and returns its exit
// code and output.
func runRepro(t *testing.T, dir, packer string) (int, string) {
	t.Helper()
	cmd := exec.Command("bash", "repro.sh")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PACKER="+packer)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0, out.String()
	case errors.As(err, &exit):
		return exit.ExitCode(), out.String()
	}
	t.Fatalf("repro.sh: %v", err)
	return 0, ""
}

// control copies a repro folder with the component replaced by the
// well-behaved conf-good of the same kind.
func control(t *testing.T, dir, name string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), filepath.Base(dir))
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		b = bytes.ReplaceAll(b, []byte(`"misbehave-`+name+`"`), []byte(`"misbehave-conf-good"`))
		for _, ref := range []string{"data.", "source."} {
			b = bytes.ReplaceAll(b, []byte(ref+"misbehave-"+name+"."), []byte(ref+"misbehave-conf-good."))
		}
		if err := os.WriteFile(filepath.Join(out, e.Name()), b, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// repro.sh finds the plugin in ../plugin.
	if err := os.Symlink(filepath.Join(filepath.Dir(dir), "plugin"), filepath.Join(filepath.Dir(out), "plugin")); err != nil {
		t.Fatal(err)
	}
	return out
}

// onceRuns runs each distinct repro folder once: defects of one kind
// (four files written during Configure, say) have the same control, and a
// real Packer run is the expensive part of these tests.
type onceRuns struct {
	mu   sync.Mutex
	runs map[[sha256.Size]byte]*onceRun
}

type onceRun struct {
	once sync.Once
	code int
	out  string
}

// run is runRepro on dir, or the result of an earlier run of a folder
// with the same repro.sh and template (README.md aside).
func (o *onceRuns) run(t *testing.T, dir, packer string) (int, string) {
	t.Helper()
	h := sha256.New()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() == "README.md" {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(h, "%s %d\n", e.Name(), len(b))
		h.Write(b)
	}
	var key [sha256.Size]byte
	h.Sum(key[:0])
	o.mu.Lock()
	if o.runs == nil {
		o.runs = map[[sha256.Size]byte]*onceRun{}
	}
	r := o.runs[key]
	if r == nil {
		r = &onceRun{}
		o.runs[key] = r
	}
	o.mu.Unlock()
	r.once.Do(func() { r.code, r.out = runRepro(t, dir, packer) })
	return r.code, r.out
}

// reproSays is what real Packer prints in some repros, as the issue
// reports of the misbehaviour put it.
var reproSays = map[string]string{
	"stdout-noise":    "Unrecognized remote plugin message",
	"keep-own-input":  "reported but missing:",
	"writes-cwd":      "created during packer validate:",
	"tcp-closed-port": "connect(",
	"child-process":   "execve(",
	"panics":          "PACKER CRASH",
}

func TestReprosShowInRealPacker(t *testing.T) {
	packer, err := packertest.Binary()
	if err != nil {
		t.Fatal(err)
	}
	r := misbehaveSuite(t)
	dir := t.TempDir()
	var controls onceRuns
	if err := WriteRepros(r, dir, testBin, 1); err != nil {
		t.Fatal(err)
	}
	for _, d := range defects {
		if reproRecipes[reproKey(d.check, d.status)] == nil {
			continue
		}
		res, _ := r.Result(d.kind, d.name, d.check)
		t.Run(d.kind+"/"+d.name+"/"+d.check, func(t *testing.T) {
			if res.Repro == nil {
				t.Fatalf("no repro for a %s with a recipe", res.Status)
			}
			if why := noReproRun[d.name]; why != "" {
				t.Skipf("the repro exists; not run here: %s", why)
			}
			if _, err := exec.LookPath("strace"); err != nil && d.check == "config.side-effects" {
				t.Skip("side-effect repros watch Packer with strace, which is not installed (scripts/test.sh installs it)")
			}
			t.Parallel()
			code, out := runRepro(t, res.Repro.Dir, packer)
			if code != 1 {
				t.Fatalf("repro.sh exited %d, want 1 (shown in real Packer):\n%s", code, out)
			}
			if want := reproSays[d.name]; !strings.Contains(out, want) {
				t.Errorf("repro.sh does not say %q:\n%s", want, out)
			}
			if code, out := controls.run(t, control(t, res.Repro.Dir, d.name), packer); code != 0 {
				t.Errorf("the same repro on conf-good exited %d, want 0:\n%s", code, out)
			}
		})
	}
	// The good components have nothing to reproduce.
	for _, c := range append(append(goodComponents[:0:0], goodComponents...), harnessGoodComponents...) {
		for _, res := range findComponent(t, r, c).Checks {
			if res.Repro != nil {
				t.Errorf("%s %s: a repro for %s %s", c.Kind, c.Name, res.ID, res.Status)
			}
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) == 0 || !strings.Contains(readFile(t, filepath.Join(dir, entries[0].Name(), "README.md")), "## What real Packer does") {
		t.Error("repro folders have no README")
	}
}

// A version Packer does not accept: its installer refuses the plugin.
func TestReproInstallRefusesBadVersion(t *testing.T) {
	packer, err := packertest.Binary()
	if err != nil {
		t.Fatal(err)
	}
	bin := variantBin(t, "bad-version", "packer-plugin-misbehave")
	r, err := RunSuite(testContext(t), Options{Binary: bin, Filter: Filter{Run: "^plugin.describe$"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteRepros(r, t.TempDir(), bin, 1); err != nil {
		t.Fatal(err)
	}
	res, _ := r.Result("", "", "plugin.describe")
	if res.Status != StatusFail || res.Repro == nil {
		t.Fatalf("plugin.describe: %s, repro %v", res.Status, res.Repro)
	}
	if code, out := runRepro(t, res.Repro.Dir, packer); code != 1 || !strings.Contains(out, "one") {
		t.Errorf("repro.sh exited %d, want 1 with the installer's refusal of version one:\n%s", code, out)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	return string(b)
}
