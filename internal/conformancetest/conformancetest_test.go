package conformancetest

import (
	"testing"

	"github.com/packer-plugin-dev/packer-plugin-dev/conformance"
)

// The misbehave plugin's well-behaved components pass through Project.
func TestProject(t *testing.T) {
	r := Project(t, "../../testdata/plugins/misbehave", conformance.Config{
		SampleConfig: "../../conformance/testdata/conformance.pkr.hcl",
		Components:   []string{"builder/conf-good", "provisioner/conf-good"},
	})
	if r.Failed() || len(r.Components) != 2 {
		t.Fatalf("failed=%v, %d components", r.Failed(), len(r.Components))
	}
}
