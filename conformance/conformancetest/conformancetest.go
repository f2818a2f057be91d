package conformance

// The only file of the package that imports testing: the entry point for
// plugin authors' own `go test`.

import (
	"context"
	"strings"
	"testing"
	"time"
)

// Config configures Run.
type Config struct {
	// Binary is the plugin binary to check (build it first, for instance
	// in TestMain with `go build -o`).
	Binary string
	// SampleConfig is the sample configuration; default SampleConfigName
	// in the test's working directory when it exists.
	SampleConfig string
	// Run and Skip select checks as --run and --skip do.
	Run  string
	Skip []string
	// Components restricts the run to these components, each written
	// "<kind>/<name>" (all of them when empty).
	Components []string
	// CancelTimeout and CallTimeout as --cancel-timeout and --call-timeout.
	CancelTimeout, CallTimeout time.Duration
	// ProjectDir is the plugin's project folder, whose example templates
	// configure components the sample does not (none when empty).
	ProjectDir string
	// AllowIncomplete, as --allow-incomplete: without it, a run that could
	// not check what matters (see Report.Incomplete) fails the test.
	AllowIncomplete bool
}

// Run runs the whole suite against c.Binary and reports every check as a
// subtest named "<kind>/<name>/<check id>" (plugin checks under
// "plugin/<check id>"): a failed check fails its subtest with the message
// and the plugin's log, a skipped one skips, a warning is logged. It
// returns the report for further assertions.
//
//	func TestConformance(t *testing.T) {
//		conformance.Run(t, conformance.Config{Binary: bin})
//	}
func Run(t *testing.T, c Config) *Report {
	t.Helper()
	sample := c.SampleConfig
	if sample == "" {
		sample = FindSampleConfig(".")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if d, ok := t.Deadline(); ok {
		ctx, cancel = context.WithDeadline(ctx, d.Add(-5*time.Second))
		defer cancel()
	}
	only, err := ParseComponents(c.Components)
	if err != nil {
		t.Fatalf("conformance: %v", err)
	}
	r, err := RunSuite(ctx, Options{
		Only:          only,
		Binary:        c.Binary,
		SampleConfig:  sample,
		ProjectDir:    c.ProjectDir,
		Filter:        Filter{Run: c.Run, Skip: c.Skip},
		CancelTimeout: c.CancelTimeout,
		CallTimeout:   c.CallTimeout,
	})
	if err != nil {
		t.Fatalf("conformance: %v", err)
	}
	report := func(prefix string, rs []CheckResult) {
		for _, res := range rs {
			t.Run(prefix+res.ID, func(t *testing.T) {
				switch res.Status {
				case StatusFail:
					msg := res.Message
					if len(res.Log) > 0 {
						msg += "\nplugin log:\n  " + strings.Join(res.Log, "\n  ")
					}
					t.Error(msg)
				case StatusSkip:
					t.Skip(res.Message)
				case StatusWarn:
					t.Log("warning: " + res.Message)
				default:
					if res.Message != "" {
						t.Log(res.Message)
					}
				}
			})
		}
	}
	report("plugin/", r.Plugin.Checks)
	for _, comp := range r.Components {
		report(comp.Kind+"/"+comp.Name+"/", comp.Checks)
	}
	if len(r.Incomplete) > 0 && !c.AllowIncomplete {
		t.Errorf("conformance: incomplete, what matters could not be checked (set AllowIncomplete to accept this):\n  %s", strings.Join(r.Incomplete, "\n  "))
	}
	return r
}
