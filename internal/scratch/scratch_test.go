package scratch

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

// A folder a killed process left (its pid is gone) is removed when the next
// one of its kind is made there; a live process's, another kind's and
// anything else are left alone.
func TestMkdirTempSweepsDeadProcessesFolders(t *testing.T) {
	parent := t.TempDir()
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skip("no true(1) to make a dead pid")
	}
	dead := filepath.Join(parent, "kind-"+strconv.Itoa(cmd.Process.Pid)+"-1")
	live := filepath.Join(parent, "kind-"+strconv.Itoa(os.Getppid())+"-2")
	other := filepath.Join(parent, "other-"+strconv.Itoa(cmd.Process.Pid)+"-3")
	for _, d := range []string{filepath.Join(dead, "ro"), live, other} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chmod(filepath.Join(dead, "ro"), 0o500); err != nil {
		t.Fatal(err)
	}
	made, err := MkdirTemp(parent, "kind-")
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(made)[:len("kind-"+strconv.Itoa(os.Getpid())+"-")] != "kind-"+strconv.Itoa(os.Getpid())+"-" {
		t.Errorf("%s does not carry this process's pid", made)
	}
	if _, err := os.Stat(dead); !os.IsNotExist(err) {
		t.Errorf("the dead process's folder is still there: %v", err)
	}
	for _, d := range []string{live, other, made} {
		if _, err := os.Stat(d); err != nil {
			t.Errorf("%s was removed: %v", d, err)
		}
	}
}
