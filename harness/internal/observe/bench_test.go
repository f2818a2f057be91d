//go:build linux

package observe

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"testing"
)

var (
	pluginOnce sync.Once
	pluginPath string
	pluginErr  error
	pluginDir  string // removed by TestMain
)

// sdkPlugin builds testdata/sdkplugin once per test binary.
func sdkPlugin(b *testing.B) string {
	b.Helper()
	pluginOnce.Do(func() {
		pluginDir, pluginErr = os.MkdirTemp("", "observe-bench-")
		if pluginErr != nil {
			return
		}
		pluginPath = filepath.Join(pluginDir, "sdkplugin")
		out, err := exec.Command("go", "build", "-o", pluginPath, "./testdata/sdkplugin").CombinedOutput()
		if err != nil {
			pluginErr = &buildError{err, out}
		}
	})
	if pluginErr != nil {
		b.Fatal(pluginErr)
	}
	return pluginPath
}

type buildError struct {
	err error
	out []byte
}

func (e *buildError) Error() string {
	return "build testdata/sdkplugin: " + e.err.Error() + "\n" + string(e.out)
}

// The BenchmarkStart* family starts an SDK plugin's `describe` to its exit:
// bare with os/exec, then under each observation mode. Compare them in one
// run: go test -run '^$' -bench BenchmarkStart ./harness/internal/observe
func BenchmarkStartBare(b *testing.B) {
	bin := sdkPlugin(b)
	for b.Loop() {
		cmd := exec.Command(bin, "describe")
		cmd.Stdout = io.Discard
		if err := cmd.Run(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkStartSeccomp(b *testing.B)  { benchStart(b, ModeSeccomp) }
func BenchmarkStartPtrace(b *testing.B)   { benchStart(b, ModePtrace) }
func BenchmarkStartSnapshot(b *testing.B) { benchStart(b, ModeSnapshot) }

func benchStart(b *testing.B, mode Mode) {
	bin := sdkPlugin(b)
	if !slices.Contains(Available(), mode) {
		b.Skipf("mode %s is not available here", mode)
	}
	for b.Loop() {
		cmd := exec.Command(bin, "describe")
		cmd.Stdout = io.Discard
		s, err := Start(cmd, Options{Mode: mode, SnapshotRoots: []string{b.TempDir()}})
		if err != nil {
			b.Fatal(err)
		}
		if err := s.Wait(); err != nil {
			b.Fatal(err)
		}
	}
}
