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
	"time"
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

// BenchmarkStartAllModes starts the plugin bare and in every available mode
// in turn within each iteration, so load from the rest of the machine hits
// all alike, and reports the medians and their ratios to bare.
func BenchmarkStartAllModes(b *testing.B) {
	bin := sdkPlugin(b)
	modes := Available()
	times := map[string][]time.Duration{}
	run := func(name string, f func() error) {
		t0 := time.Now()
		if err := f(); err != nil {
			b.Fatalf("%s: %v", name, err)
		}
		times[name] = append(times[name], time.Since(t0))
	}
	for b.Loop() {
		run("bare", func() error {
			cmd := exec.Command(bin, "describe")
			cmd.Stdout = io.Discard
			return cmd.Run()
		})
		for _, m := range modes {
			run(string(m), func() error {
				cmd := exec.Command(bin, "describe")
				cmd.Stdout = io.Discard
				s, err := Start(cmd, Options{Mode: m, SnapshotRoots: []string{b.TempDir()}})
				if err != nil {
					return err
				}
				return s.Wait()
			})
		}
	}
	bare := median(times["bare"])
	b.ReportMetric(float64(bare.Microseconds())/1000, "bare-ms")
	for _, m := range modes {
		med := median(times[string(m)])
		b.ReportMetric(float64(med.Microseconds())/1000, string(m)+"-ms")
		b.ReportMetric(float64(med)/float64(bare), string(m)+"/bare")
	}
}

func median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}
