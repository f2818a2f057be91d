package conformance

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/packer-plugin-dev/packer-plugin-dev/conformance/report"
	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
)

// Without a sample block, the project's example template configures the
// component, with its variables' defaults; the report says so.
func TestExampleTemplateConfigures(t *testing.T) {
	dir := t.TempDir()
	tmpl := `variable "out" {
  type    = string
  default = "from-example.out"
}

source "null" "x" {
  communicator = "none"
}

build {
  sources = ["source.null.x"]
  post-processor "misbehave-requires-output" {
    output              = var.out
    keep_input_artifact = true
  }
}
`
	if err := os.MkdirAll(filepath.Join(dir, "example"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "example", "build.pkr.hcl"), []byte(tmpl), 0o644); err != nil {
		t.Fatal(err)
	}
	c := harness.Component{Kind: harness.KindPostProcessor, Name: "requires-output"}
	r, err := RunSuite(testContext(t), Options{
		Binary: testBin(t), ProjectDir: dir, Only: []harness.Component{c},
		Filter: Filter{Run: "postprocess.result|plugin.handshake"},
	})
	if err != nil {
		t.Fatal(err)
	}
	comp := findComponent(t, r.Report, c)
	want := "the example template at " + filepath.Join(dir, "example", "build.pkr.hcl") + ":12"
	if comp.Config != want {
		t.Errorf("configuration from %q, want %q", comp.Config, want)
	}
	if res, _ := r.Result("post-processor", "requires-output", "postprocess.result"); res.Status != report.Pass {
		t.Errorf("postprocess.result: %s %s", res.Status, res.Message)
	}
	if len(r.Incomplete) > 0 {
		t.Errorf("incomplete: %q", r.Incomplete)
	}
}

// Without any configuration it accepts, the run says what it could not
// check, and so does a filter that matches nothing.
func TestIncomplete(t *testing.T) {
	c := harness.Component{Kind: harness.KindPostProcessor, Name: "requires-output"}
	r, err := RunSuite(testContext(t), Options{Binary: testBin(t), Only: []harness.Component{c}, Filter: Filter{Run: "postprocess.result"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Incomplete) != 1 || !strings.Contains(r.Incomplete[0].Reason, `post-processor "requires-output": the checks that need a valid configuration did not run: the empty configuration is rejected`) ||
		r.Incomplete[0].Short != `post-processor "requires-output": no configuration it accepts` {
		t.Errorf("incomplete: %q", r.Incomplete)
	}
	r, err = RunSuite(testContext(t), Options{Binary: testBin(t), Only: []harness.Component{c}, Filter: Filter{Run: "nomatch"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Incomplete) != 1 || !strings.Contains(r.Incomplete[0].Reason, `no check matches --run "nomatch"`) || r.Summary.Checks != 0 {
		t.Errorf("incomplete: %q, summary %+v", r.Incomplete, r.Summary)
	}
}

// An interrupted run returns the report of what finished; the rest is
// skipped as interrupted, never failed.
func TestInterruptedRunReports(t *testing.T) {
	ctx, cancel := context.WithCancel(testContext(t))
	c := harness.Component{Kind: harness.KindPostProcessor, Name: "conf-good"}
	r, err := RunSuite(ctx, Options{
		Binary: testBin(t), SampleConfig: "testdata/conformance.pkr.hcl", Only: []harness.Component{c},
		Parallel: 1,
		// The first finished check interrupts the run, as Ctrl-C would.
		Progress: func(Progress) { cancel() },
	})
	if err == nil || r == nil || !r.Interrupted {
		t.Fatalf("err %v, report %v", err, r)
	}
	interrupted := 0
	for _, res := range findComponent(t, r.Report, c).Checks {
		switch {
		case res.Status == report.Fail:
			t.Errorf("%s failed: %s", res.ID, res.Message)
		case res.Status == report.Skip && res.Message == interruptedMessage:
			interrupted++
		}
	}
	if interrupted == 0 {
		t.Error("no check is marked interrupted")
	}
}
