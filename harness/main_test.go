package harness

import (
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// misbehaveBin is the shared misbehaving plugin, built once per test binary.
var misbehaveBin string

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	// The SDK's RPC client logs every call to the standard logger.
	log.SetOutput(io.Discard)
	dir, err := os.MkdirTemp("", "harness-test-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	// Named as a released plugin is, so the log prefix is realistic.
	misbehaveBin = filepath.Join(dir, "packer-plugin-misbehave")
	build := exec.Command("go", "build", "-o", misbehaveBin, "../testdata/plugins/misbehave")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building the misbehave test plugin:", err)
		return 1
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
