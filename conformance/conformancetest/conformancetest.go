// Package conformancetest runs the conformance suite from a plugin
// author's own `go test`, as csi-test's sanity package does: every check
// a subtest. It is the only package of the suite that imports testing.
package conformancetest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/packer-plugin-dev/packer-plugin-dev/conformance"
	"github.com/packer-plugin-dev/packer-plugin-dev/conformance/report"
	"github.com/packer-plugin-dev/packer-plugin-dev/conformance/sample"
)

// Config configures Run.
type Config struct {
	// Binary is the plugin binary to check (build it first, for instance
	// in TestMain with `go build -o`).
	Binary string
	// SampleConfig is the sample configuration; default sample.FileName
	// (conformance.pkr.hcl) in the test's working directory when it
	// exists.
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
	// not check what matters (see report.Report.Incomplete) fails the
	// test.
	AllowIncomplete bool
}

// Run runs the whole suite against c.Binary and reports every check as a
// subtest named "<kind>/<name>/<check id>" (plugin checks under
// "plugin/<check id>"): a failed check fails its subtest with the message
// and the plugin's log, a skipped one skips, a warning is logged. It
// returns the report for further assertions.
//
//	func TestConformance(t *testing.T) {
//		conformancetest.Run(t, conformancetest.Config{Binary: bin})
//	}
func Run(t *testing.T, c Config) *report.Report {
	t.Helper()
	sc := c.SampleConfig
	if sc == "" {
		sc = sample.Find(".")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if d, ok := t.Deadline(); ok {
		ctx, cancel = context.WithDeadline(ctx, d.Add(-5*time.Second))
		defer cancel()
	}
	only, err := conformance.ParseComponents(c.Components)
	if err != nil {
		t.Fatalf("conformance: %v", err)
	}
	run, err := conformance.RunSuite(ctx, conformance.Options{
		Only:          only,
		Binary:        c.Binary,
		SampleConfig:  sc,
		ProjectDir:    c.ProjectDir,
		Filter:        conformance.Filter{Run: c.Run, Skip: c.Skip},
		CancelTimeout: c.CancelTimeout,
		CallTimeout:   c.CallTimeout,
	})
	if err != nil {
		t.Fatalf("conformance: %v", err)
	}
	r := run.Report
	subtests := func(prefix string, rs []report.CheckResult) {
		for _, res := range rs {
			t.Run(prefix+res.ID, func(t *testing.T) {
				switch res.Status {
				case report.Fail:
					msg := res.Message
					if len(res.Log) > 0 {
						msg += "\nplugin log:\n  " + strings.Join(res.Log, "\n  ")
					}
					t.Error(msg)
				case report.Skip:
					t.Skip(res.Message)
				case report.Warn:
					t.Log("warning: " + res.Message)
				default:
					if res.Message != "" {
						t.Log(res.Message)
					}
				}
			})
		}
	}
	subtests("plugin/", r.Plugin.Checks)
	for _, comp := range r.Components {
		subtests(comp.Kind+"/"+comp.Name+"/", comp.Checks)
	}
	if len(r.Incomplete) > 0 && !c.AllowIncomplete {
		var why []string
		for _, g := range r.Incomplete {
			why = append(why, g.Reason)
		}
		t.Errorf("conformance: incomplete, what matters could not be checked (set AllowIncomplete to accept this):\n  %s", strings.Join(why, "\n  "))
	}
	return r
}
