package release

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

// The staging folder of a release killed before it cleaned up is removed by
// the next release into the same folder; a live process's is left alone.
func TestStaleStagingRemoved(t *testing.T) {
	out := t.TempDir()
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skip("no true(1) to make a dead pid")
	}
	dead := filepath.Join(out, stagingPrefix+strconv.Itoa(cmd.Process.Pid)+"-1")
	live := filepath.Join(out, stagingPrefix+strconv.Itoa(os.Getppid())+"-2")
	for _, d := range []string{dead, live} {
		if err := os.MkdirAll(filepath.Join(d, ".build"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	removeStaleStaging(out)
	if _, err := os.Stat(dead); !os.IsNotExist(err) {
		t.Errorf("the dead release's staging folder is still there: %v", err)
	}
	if _, err := os.Stat(live); err != nil {
		t.Errorf("a live release's staging folder was removed: %v", err)
	}
}
