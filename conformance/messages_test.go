package conformance

import (
	"strings"
	"testing"

	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
)

// Messages that state facts about Packer and the SDK say them as they are.

// The SDK writes protocol_version into describe's output from v0.6.0 on
// (plugin/set.go): the warning sends an author there, not to v0.5.2.
func TestProtocolWarningNamesTheSDKThatDescribesIt(t *testing.T) {
	d := &harness.Description{Version: "1.0.0", APIVersion: "x5.0", Builders: []string{"conf-good"}}
	s := &suite{bin: "/plugins/packer-plugin-misbehave", desc: d, sample: &sampleConfig{plugin: "misbehave"}}
	res := describeResult(s, nil)
	if res.Status != StatusWarn || !strings.Contains(res.Message, "packer-plugin-sdk v0.6.0 or later") || strings.Contains(res.Message, "v0.5.2") {
		t.Fatalf("got %s %q, want a warning naming packer-plugin-sdk v0.6.0", res.Status, res.Message)
	}
}
