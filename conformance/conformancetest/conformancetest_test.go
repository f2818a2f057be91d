package conformancetest

import (
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Run reports every check as a subtest; on the well-behaved components
// they all pass.
func TestRunEntryPoint(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: builds and starts the misbehave plugin")
	}
	// The SDK's RPC client logs through the standard logger; Packer shows
	// it only with PACKER_LOG=1, and so does this test.
	if os.Getenv("PACKER_LOG") == "" {
		log.SetOutput(io.Discard)
	}
	bin := filepath.Join(t.TempDir(), "packer-plugin-misbehave")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Dir = filepath.Join("..", "..", "testdata", "plugins", "misbehave")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the misbehave plugin: %v\n%s", err, out)
	}
	r := Run(t, Config{
		Binary:       bin,
		SampleConfig: "../testdata/conformance.pkr.hcl",
		Components:   []string{"post-processor/conf-good", "datasource/conf-good"},
	})
	if r.Failed() || len(r.Components) != 2 {
		t.Fatalf("failed=%v components=%d", r.Failed(), len(r.Components))
	}
}
