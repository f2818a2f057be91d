package harness

import (
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// misbehaveBinPath is the shared misbehaving plugin, built once per test
// binary; not built in the fast lane (-short).
var misbehaveBinPath string

// misbehaveBin returns the misbehaving plugin; under -short the test is
// skipped, since the fast lane starts no plugin process.
func misbehaveBin(tb testing.TB) string {
	tb.Helper()
	if testing.Short() {
		tb.Skip("-short: starts the misbehave plugin")
	}
	return misbehaveBinPath
}

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	// The SDK's RPC client logs every call to the standard logger.
	log.SetOutput(io.Discard)
	flag.Parse()
	// The fast lane (-short) builds no plugin.
	if !testing.Short() {
		dir, err := os.MkdirTemp("", "harness-test-bin-")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer os.RemoveAll(dir)
		// Named as a released plugin is, so the log prefix is realistic.
		misbehaveBinPath = filepath.Join(dir, "packer-plugin-misbehave")
		build := exec.Command("go", "build", "-o", misbehaveBinPath, "../testdata/plugins/misbehave")
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			fmt.Fprintln(os.Stderr, "building the misbehave test plugin:", err)
			return 1
		}
	}
	code := m.Run()
	// The leak check runs after every test and benchmark, so it sees what
	// the whole suite left behind.
	if code == 0 {
		if l := Leftovers(); !l.Empty() {
			fmt.Fprintf(os.Stderr, "FAIL: leak check: the harness left processes %v and folders %v behind\n", l.PIDs, l.Paths)
			return 1
		}
		if testing.Verbose() {
			fmt.Fprintln(os.Stderr, "leak check: no process or sandbox left behind")
		}
	}
	return code
}
