package conformance

import (
	"strings"
	"testing"

	"github.com/packer-plugin-dev/packer-plugin-dev/conformance/report"
)

// A component whose main scenario skipped makes the run incomplete, unless
// the user skipped it or an interruption did.
func TestMainNotRun(t *testing.T) {
	for _, c := range []struct {
		results []report.CheckResult
		want    string // "" = complete
	}{
		{[]report.CheckResult{{ID: "builder.run", Status: report.Pass}, {ID: "builder.cancel", Status: report.Skip, Message: "nothing to cancel"}}, ""},
		{[]report.CheckResult{{ID: "builder.run", Status: report.Skip, Message: "Run waited on a connection to api.example.com:443\nTo let it run here, ..."}},
			"its main scenario did not run (builder.run skipped: Run waited on a connection to api.example.com:443)"},
		{[]report.CheckResult{{ID: "postprocess.result", Status: report.Skip, Message: "skipped with --skip postprocess.result"}}, ""},
		{[]report.CheckResult{{ID: "datasource.output", Status: report.Skip, Message: interruptedMessage}}, ""},
		{[]report.CheckResult{{ID: "provisioner.provision", Status: report.Skip, Message: "not judged: the plugin crashes during Prepare (reported under config.side-effects)"}}, ""},
		{[]report.CheckResult{{ID: "provisioner.provision", Status: report.Fail, Message: "crashed"}}, ""},
	} {
		got, id := mainNotRun(c.results)
		if got != c.want || (got != "") != (id == c.results[0].ID) {
			t.Errorf("mainNotRun(%v) = %q (%s), want %q", c.results, got, id, c.want)
		}
	}
	mains := 0
	for _, c := range Checks() {
		if c.Main {
			mains++
			if len(c.Kinds) != 1 || !strings.HasPrefix(c.ID, map[string]string{"builder": "builder.", "provisioner": "provisioner.", "post-processor": "postprocess.", "datasource": "datasource."}[string(c.Kinds[0])]) {
				t.Errorf("%s is a main scenario of %v", c.ID, c.Kinds)
			}
		}
	}
	if mains != 4 {
		t.Errorf("%d main scenarios, want one per kind", mains)
	}
}
