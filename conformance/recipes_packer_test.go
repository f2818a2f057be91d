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
	"runtime"
	"strings"
	"sync"
	"testing"

	"golang.org/x/sync/errgroup"

	"github.com/packer-plugin-dev/packer-plugin-dev/conformance/report"
	"github.com/packer-plugin-dev/packer-plugin-dev/conformance/repro"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/packertest"
)

// noReproRun are defects whose repro exists but is too slow to run here:
// Packer waits 60 s for a handshake, and forever for a Configure that
// hangs.
var noReproRun = map[string]string{
	"no-handshake": "Packer waits 60 s for the handshake",
	"hangs":        "Packer waits for Configure as long as it hangs",
}

// noRepro are defects (kind/name/check) whose FAIL has no repro on purpose.
var noRepro = map[string]string{
	// Only the suite's tracer holds a direct connection; around real
	// Packer the repro can hold only what goes through the proxy.
	"builder/poll-todo/builder.cancel":           "it waits on a direct connection",
	"post-processor/api-todo/postprocess.cancel": "it waits on a direct connection",
}

// reproRun is what repro.sh printed, and its exit code.
type reproRun struct {
	code int
	out  string
	err  error // repro.sh could not be run
}

// runRepro runs a repro folder's repro.sh with packer and returns its exit
// code and output.
func runRepro(t *testing.T, dir, packer string) (int, string) {
	t.Helper()
	r := execRepro(dir, packer)
	if r.err != nil {
		t.Fatal(r.err)
	}
	return r.code, r.out
}

// execRepro runs a repro folder's repro.sh with packer.
func execRepro(dir, packer string) reproRun {
	cmd := exec.Command("bash", "repro.sh")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PACKER="+packer)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return reproRun{out: out.String()}
	case errors.As(err, &exit):
		return reproRun{code: exit.ExitCode(), out: out.String()}
	}
	return reproRun{err: fmt.Errorf("repro.sh in %s: %w", dir, err)}
}

// runRepros runs each distinct folder of dirs once (defects of one kind,
// such as four files written during Configure, share their control) and
// returns the runs by folder. A real Packer run is what these tests spend
// their time on, and the cancel repros mostly wait: more run at once than
// there are CPUs.
func runRepros(t *testing.T, dirs []string, packer string) map[string]reproRun {
	t.Helper()
	first := map[[sha256.Size]byte]string{} // folder content -> first folder
	same := map[string]string{}             // folder -> the folder run for it
	for _, dir := range dirs {
		key := folderKey(t, dir)
		if _, ok := first[key]; !ok {
			first[key] = dir
		}
		same[dir] = first[key]
	}
	var mu sync.Mutex
	ran := map[string]reproRun{}
	var g errgroup.Group
	g.SetLimit(2 * runtime.NumCPU())
	for _, dir := range first {
		g.Go(func() error {
			r := execRepro(dir, packer)
			mu.Lock()
			ran[dir] = r
			mu.Unlock()
			return nil
		})
	}
	g.Wait()
	runs := map[string]reproRun{}
	for dir, run := range same {
		runs[dir] = ran[run]
	}
	return runs
}

// folderKey is the content of a repro folder but its README.md.
func folderKey(t *testing.T, dir string) [sha256.Size]byte {
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
	return key
}

// controls are the well-behaved twins a defect's repro runs as its
// control, when conf-good would not reach the scenario: a cancel repro
// needs a component that waits on the world and honours the cancel.
var controls = map[string]string{"api-todo": "api-ctx"}

// control copies a repro folder with the component replaced by its
// well-behaved control: its twin, else conf-good of the same kind.
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
		good := "conf-good"
		if c, ok := controls[name]; ok {
			good = c
		}
		b = bytes.ReplaceAll(b, []byte(`"misbehave-`+name+`"`), []byte(`"misbehave-`+good+`"`))
		for _, ref := range []string{"data.", "source."} {
			b = bytes.ReplaceAll(b, []byte(ref+"misbehave-"+name+"."), []byte(ref+"misbehave-"+good+"."))
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

// reproSays is what real Packer prints in some repros, as the issue
// reports of the misbehaviour put it.
var reproSays = map[string]string{
	"stdout-noise":    "Unrecognized remote plugin message",
	"keep-own-input":  "reported but missing:",
	"writes-cwd":      "created during packer validate:",
	"tcp-closed-port": "connect(",
	"child-process":   "execve(",
	"panics":          "PACKER CRASH",
	"api-todo":        "repro: the plugin waits on a connection to api.misbehave.example:443 through HTTPS_PROXY",
}

func TestReprosShowInRealPacker(t *testing.T) {
	skipShort(t, "runs every FAIL's repro in real Packer")
	// The slow ones (Packer's built-ins, the misbehaving components,
	// real Packer runs) overlap: most of their time is waiting.
	t.Parallel()
	packer, err := packertest.Binary()
	if err != nil {
		t.Fatal(err)
	}
	// Packer reached by a symlink, as package managers install it: its
	// own execs are still not the plugin's side effects.
	link := filepath.Join(t.TempDir(), "packer")
	if err := os.Symlink(packer, link); err != nil {
		t.Fatal(err)
	}
	packer = link
	r := misbehaveSuite(t)
	dir := t.TempDir()
	written := writeRepros(t, r, dir, testBin(t), toolBin(t), 1)
	_, straceErr := exec.LookPath("strace")
	type reproCase struct {
		d             defect
		res           report.CheckResult
		skip          string
		repro, contrl string // folders
	}
	var cases []reproCase
	var dirs []string
	for _, d := range defects {
		if recipeOf(lookup(d.check), d.status) == nil {
			continue
		}
		c := reproCase{d: d}
		c.res, _ = written.Result(d.kind, d.name, d.check)
		if why := noRepro[d.kind+"/"+d.name+"/"+d.check]; why != "" {
			if c.res.Repro != nil {
				t.Errorf("%s %s %s: a repro, though %s", d.kind, d.name, d.check, why)
			}
			continue
		}
		switch {
		case c.res.Repro == nil:
		case noReproRun[d.name] != "":
			c.skip = "the repro exists; not run here: " + noReproRun[d.name]
		case straceErr != nil && d.check == "config.side-effects":
			c.skip = "side-effect repros watch Packer with strace, which is not installed (scripts/test.sh installs it)"
		default:
			c.repro, c.contrl = c.res.Repro.Dir, control(t, c.res.Repro.Dir, d.name)
			dirs = append(dirs, c.repro, c.contrl)
		}
		cases = append(cases, c)
	}
	runs := runRepros(t, dirs, packer)
	for _, c := range cases {
		t.Run(c.d.kind+"/"+c.d.name+"/"+c.d.check, func(t *testing.T) {
			if c.res.Repro == nil {
				t.Fatalf("no repro for a %s with a recipe", c.res.Status)
			}
			if c.skip != "" {
				t.Skip(c.skip)
			}
			run, ctl := runs[c.repro], runs[c.contrl]
			if run.err != nil || ctl.err != nil {
				t.Fatal(errors.Join(run.err, ctl.err))
			}
			if run.code != 1 {
				t.Fatalf("repro.sh exited %d, want 1 (shown in real Packer):\n%s", run.code, run.out)
			}
			if want := reproSays[c.d.name]; !strings.Contains(run.out, want) {
				t.Errorf("repro.sh does not say %q:\n%s", want, run.out)
			}
			if ctl.code != 0 {
				t.Errorf("the same repro on conf-good exited %d, want 0:\n%s", ctl.code, ctl.out)
			}
		})
	}
	// The good components have nothing to reproduce.
	for _, c := range append(append(goodComponents[:0:0], goodComponents...), harnessGoodComponents...) {
		for _, res := range findComponent(t, written, c).Checks {
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
	skipShort(t, "builds a plugin and installs it into real Packer")
	packer, err := packertest.Binary()
	if err != nil {
		t.Fatal(err)
	}
	bin := variantBin(t, "bad-version", "packer-plugin-misbehave")
	r, err := RunSuite(testContext(t), Options{Binary: bin, Filter: Filter{Run: "^plugin.describe$"}})
	if err != nil {
		t.Fatal(err)
	}
	res, _ := writeRepros(t, r, t.TempDir(), bin, "", 1).Result("", "", "plugin.describe")
	if res.Status != report.Fail || res.Repro == nil {
		t.Fatalf("plugin.describe: %s, repro %v", res.Status, res.Repro)
	}
	if code, out := runRepro(t, res.Repro.Dir, packer); code != 1 || !strings.Contains(out, "one") {
		t.Errorf("repro.sh exited %d, want 1 with the installer's refusal of version one:\n%s", code, out)
	}
}

// writeRepros writes the repros of r's findings under dir, as test --repro
// does, and returns r's report with them.
func writeRepros(t *testing.T, r *Run, dir, bin, tool string, cancelTimeout int) *report.Report {
	t.Helper()
	folders, err := repro.Write(dir, bin, repro.Env{Plugin: r.Plugin.Name, Tool: tool, CancelTimeout: cancelTimeout}, r.Repros())
	if err != nil {
		t.Fatal(err)
	}
	return r.WithRepros(repro.Repros(folders))
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	return string(b)
}
