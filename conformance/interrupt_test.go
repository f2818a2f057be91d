package conformance

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/packer-plugin-dev/packer-plugin-dev/conformance/report"
	"github.com/packer-plugin-dev/packer-plugin-dev/conformance/sample"
	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
)

// What was seen is never lost: a run interrupted after config.side-effects
// saw a side effect fails that check, marked interrupted, instead of
// skipping it with "0 failed".

// countingLog cancels when the plugin's processes have logged line the
// n-th time.
type countingLog struct {
	mu     sync.Mutex
	line   string
	n      int
	cancel context.CancelFunc
}

func (w *countingLog) Write(b []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if strings.Contains(string(b), w.line) {
		if w.n--; w.n == 0 {
			w.cancel()
		}
	}
	return len(b), nil
}

// The run is interrupted as config.side-effects starts its third process
// (setup's is the first, the HCL2 form's, which wrote a file in
// Configure, the second): the JSON form never runs, the write was seen.
func TestInterruptKeepsASideEffectSeen(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	r, err := RunSuite(ctx, Options{
		Binary: testBin(t), SampleConfig: "testdata/conformance.pkr.hcl",
		Only:    []harness.Component{{Kind: harness.KindPostProcessor, Name: "writes-cwd"}},
		Filter:  Filter{Run: `^config\.side-effects$`},
		Harness: harness.Options{LogWriter: &countingLog{line: "Serving a plugin connection", n: 3, cancel: cancel}},
	})
	if err == nil || !r.Interrupted {
		t.Fatalf("the run was not interrupted: %v", err)
	}
	res, _ := r.Result("post-processor", "writes-cwd", "config.side-effects")
	if res.Status != report.Fail || !res.Interrupted || !strings.HasPrefix(res.Message, interruptedMessage+", after it saw side effects") || !strings.Contains(res.Message, "writes-cwd.txt") {
		t.Fatalf("config.side-effects: %s (interrupted %v) %q, want a FAIL, marked interrupted, naming writes-cwd.txt", res.Status, res.Interrupted, res.Message)
	}
	var text strings.Builder
	if err := report.Write(&text, r.Report, "text", false); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"1 failed", "interrupted: the checks that had not finished are skipped, but for 1 check judged on what was seen before"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("the report does not say %q:\n%s", want, text.String())
		}
	}
}

// interruptedResult on plain values: findings fail the interrupted
// side-effects check, acknowledged ones warn, and other checks stay
// skipped; each is marked interrupted.
func TestInterruptedResult(t *testing.T) {
	write := harness.Event{Kind: harness.EventFile, Op: "create", Syscall: "openat", Path: "/work/made.txt", Call: "Configure"}
	fork := harness.Event{Kind: harness.EventProcess, Op: "fork", Syscall: "clone", PID: 10, Result: 11, Call: "Configure"}
	exec := harness.Event{Kind: harness.EventProcess, Op: "exec", Syscall: "execve", Path: "/bin/tar", Argv: []string{"tar", "--version"}, PID: 11, Call: "Configure"}
	res := interruptedResult(checkConfigSideEffects, [][]harness.Event{{write}, {fork, exec}}, nil)
	want := interruptedMessage + ", after it saw side effects during configuration (packer validate runs this code; do the work in Run/Provision/PostProcess/Execute instead):\n" +
		"  create (openat) /work/made.txt during Configure\n" +
		"  exec (execve) /bin/tar [\"tar\" \"--version\"] during Configure"
	if res.Status != report.Fail || !res.Interrupted || res.Message != want {
		t.Errorf("side effects seen: %s (interrupted %v)\n%s\nwant FAIL\n%s", res.Status, res.Interrupted, res.Message, want)
	}
	if res := interruptedResult(checkConfigSideEffects, [][]harness.Event{{}}, nil); res.Status != report.Skip || res.Message != interruptedMessage || !res.Interrupted {
		t.Errorf("nothing seen: %s %q, want the interrupted skip", res.Status, res.Message)
	}
	if res := interruptedResult(checkPostprocessResult, [][]harness.Event{{write}}, nil); res.Status != report.Skip || !res.Interrupted {
		t.Errorf("another check's side effects: %s %q, want the interrupted skip", res.Status, res.Message)
	}

	path := filepath.Join(t.TempDir(), sample.FileName)
	src := `post-processor "conf-good" {
  conformance {
    acknowledge "config.side-effects" {
      match  = "made.txt"
      reason = "the cache of validated settings"
    }
  }
}
`
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	sc, err := sample.Load(path, "acme", func(id string) bool { return lookup(id) != nil })
	if err != nil {
		t.Fatal(err)
	}
	acked := &checkEnv{suite: &suite{sample: sc}, Component: confGood}
	if res := interruptedResult(checkConfigSideEffects, [][]harness.Event{{write}}, acked.acks(checkConfigSideEffects.ID)); res.Status != report.Warn || !strings.Contains(res.Message, "the cache of validated settings") {
		t.Errorf("an acknowledged side effect: %s %q, want a WARN with the reason", res.Status, res.Message)
	}
}
