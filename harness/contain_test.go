//go:build linux

package harness

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/packer-plugin-dev/packer-plugin-dev/testdata/routes"
)

// A contained plugin's Configure is refused every route of
// testdata/routes, or seen taking it, with the syscall named; nothing
// changes in the folder the routes aim at and no process survives Close.
func TestContainedConfigure(t *testing.T) {
	bin := misbehaveBin(t)
	// A short parent: the plugin's socket path must fit in sun_path.
	parent, err := os.MkdirTemp("", "ct")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(parent) })
	outside := filepath.Join(parent, "misbehave-outside")
	if err := os.Mkdir(outside, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, r := range routes.All {
		t.Run(r.Name, func(t *testing.T) {
			p, err := Start(context.Background(), bin, Component{KindPostProcessor, "contain-" + r.Name}, Options{Contain: true, SandboxDir: parent})
			if err != nil {
				t.Fatal(err)
			}
			if err := configureHCL2(t, p, "x"); err != nil {
				t.Fatalf("Configure: %v", err)
			}
			if p.TraceMode() == TraceSnapshot {
				p.Close()
				t.Skip("no tracing here: nothing is contained")
			}
			for _, pr := range p.Protections() {
				if !pr.On {
					t.Errorf("protection %s is off: %s", pr.Name, pr.Detail)
				}
			}
			if err := p.Close(); err != nil {
				t.Fatalf("Close: %v", err)
			}
			var dump strings.Builder
			found := false
			for _, e := range p.Events() {
				fmt.Fprintf(&dump, "\n\t%s", e)
				if e.Syscall == r.Syscall && e.Call == "Configure" && (r.Allowed || e.Refused != "" || e.Result < 0) {
					found = true
				}
			}
			if !found {
				t.Errorf("route %s: no %s attempt in Configure; events:%s", r.Name, r.Syscall, dump.String())
			}
			if left, _ := os.ReadDir(outside); len(left) > 0 {
				t.Errorf("route %s left %v outside the sandbox", r.Name, left)
			}
			if pids := liveHarnessProcesses(); len(pids) > 0 {
				t.Errorf("processes %v survive Close", pids)
			}
		})
	}
}
