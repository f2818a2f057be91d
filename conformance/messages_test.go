package conformance

import (
	"strings"
	"testing"

	"github.com/packer-plugin-dev/packer-plugin-dev/conformance/report"
	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
)

// Messages that state facts about Packer and the SDK say them as they are.

// The SDK writes protocol_version into describe's output from v0.6.0 on
// (plugin/set.go): the warning sends an author there, not to v0.5.2.
func TestProtocolWarningNamesTheSDKThatDescribesIt(t *testing.T) {
	d := &harness.Description{Version: "1.0.0", APIVersion: "x5.0", Builders: []string{"conf-good"}}
	s := &suite{bin: "/plugins/packer-plugin-misbehave", desc: d, sample: emptySample(t, "misbehave")}
	res := runCheck(s, checkDescribe)
	if res.Status != report.Warn || !strings.Contains(res.Message, "packer-plugin-sdk v0.6.0 or later") || strings.Contains(res.Message, "v0.5.2") {
		t.Fatalf("got %s %q, want a warning naming packer-plugin-sdk v0.6.0", res.Status, res.Message)
	}
}

// A call that outlasts --call-timeout is reported as docs/checks.md says:
// the message names the deadline and the flag, and a main call (Run,
// Provision, PostProcess, Execute) that outlasts it skips its check and
// makes the run incomplete, never green.
func TestCallTimeoutIsReportedAsDocumented(t *testing.T) {
	msg := errorText(&harness.CallError{Call: "Run", Err: harness.ErrCallTimeout})
	if msg != "no answer within the call deadline; the plugin was killed (--call-timeout sets the deadline)" {
		t.Fatalf("a call past its deadline reads %q", msg)
	}
	skipped := report.CheckResult{ID: checkBuilderRun.ID, Status: report.Skip, Message: "Run failed in the sandbox, configured with the empty configuration, so the build could not be checked:\n" + msg}
	if why, _ := mainNotRun([]report.CheckResult{skipped}); !strings.Contains(why, "builder.run skipped: Run failed in the sandbox") {
		t.Fatalf("a main call past its deadline does not make the run incomplete: %q", why)
	}
	doc, err := readDoc()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(strings.Fields(doc), " "), "skips its check with that message, and the run is incomplete (exit 3), never green") {
		t.Error("docs/checks.md does not say what a main call past --call-timeout does")
	}
}
