//go:build linux

package conformance

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/packer-plugin-dev/packer-plugin-dev/conformance/report"
	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
	"github.com/packer-plugin-dev/packer-plugin-dev/testdata/routes"
)

// Every route of testdata/routes, taken in Configure, fails
// config.side-effects with its syscall named, and nothing changes where it
// aimed; so does a write a goroutine makes after Configure returned.
func TestContainedRoutesFailSideEffects(t *testing.T) {
	skipShort(t, "starts the misbehave plugin")
	// A short parent: the plugin's socket path must fit in sun_path.
	parent, err := os.MkdirTemp("", "cc")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(parent) })
	outside := filepath.Join(parent, "misbehave-outside")
	if err := os.Mkdir(outside, 0o755); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"contain-late-write": "late-write"}
	var only []harness.Component
	for _, r := range routes.All {
		want["contain-"+r.Name] = "(" + r.Syscall + ")"
	}
	for name := range want {
		only = append(only, harness.Component{Kind: harness.KindPostProcessor, Name: name})
	}
	r, err := RunSuite(testContext(t), Options{
		Binary: testBin(t), Only: only, Parallel: 8,
		Filter:  Filter{Run: `^(config\.side-effects|plugin\.handshake)$`},
		Harness: harness.Options{SandboxDir: parent},
	})
	if err != nil {
		t.Fatal(err)
	}
	if r.Plugin.TraceMode == string(harness.TraceSnapshot) {
		t.Skip("no tracing here: nothing is contained")
	}
	for _, p := range r.Plugin.Containment {
		if !p.On {
			t.Errorf("containment %s off: %s", p.Name, p.Detail)
		}
	}
	for name, route := range want {
		res, ok := r.Result("post-processor", name, "config.side-effects")
		switch {
		case !ok:
			t.Errorf("%s: no config.side-effects result", name)
		case res.Status != report.Fail || !strings.Contains(res.Message, route):
			t.Errorf("%s: config.side-effects %s, want FAIL naming %s:\n%s", name, res.Status, route, res.Message)
		}
	}
	if left, _ := os.ReadDir(outside); len(left) > 0 {
		t.Errorf("the routes left %v outside the sandbox", left)
	}
}
