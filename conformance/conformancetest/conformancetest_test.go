package conformance

import "testing"

// Run reports every check as a subtest; on the well-behaved components
// they all pass.
func TestRunEntryPoint(t *testing.T) {
	r := Run(t, Config{
		Binary:       testBin(t),
		SampleConfig: "testdata/conformance.pkr.hcl",
		Components:   []string{"post-processor/conf-good", "datasource/conf-good"},
	})
	if r.Failed() || len(r.Components) != 2 {
		t.Fatalf("failed=%v components=%d", r.Failed(), len(r.Components))
	}
}
