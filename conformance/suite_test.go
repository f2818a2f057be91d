package conformance

import (
	"strings"
	"testing"
)

// A component whose main scenario skipped makes the run incomplete, unless
// the user skipped it or an interruption did.
func TestMainNotRun(t *testing.T) {
	for _, c := range []struct {
		results []CheckResult
		want    string // "" = complete
	}{
		{[]CheckResult{{ID: "builder.run", Status: StatusPass}, {ID: "builder.cancel", Status: StatusSkip, Message: "nothing to cancel"}}, ""},
		{[]CheckResult{{ID: "builder.run", Status: StatusSkip, Message: "Run waited on a connection to api.example.com:443\nTo let it run here, ..."}},
			"its main scenario did not run (builder.run skipped: Run waited on a connection to api.example.com:443)"},
		{[]CheckResult{{ID: "postprocess.result", Status: StatusSkip, Message: "skipped with --skip postprocess.result"}}, ""},
		{[]CheckResult{{ID: "datasource.output", Status: StatusSkip, Message: interruptedMessage}}, ""},
		{[]CheckResult{{ID: "provisioner.provision", Status: StatusSkip, Message: "not judged: the plugin crashes during Prepare (reported under config.side-effects)"}}, ""},
		{[]CheckResult{{ID: "provisioner.provision", Status: StatusFail, Message: "crashed"}}, ""},
	} {
		if got := mainNotRun(c.results); got != c.want {
			t.Errorf("mainNotRun(%v) = %q, want %q", c.results, got, c.want)
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
