package observe

import (
	"os"
	"syscall"
)

func setpgid(*syscall.SysProcAttr) {}

// killTree kills the process; Windows has no process groups to signal.
func killTree(pid int, _ <-chan struct{}, _ string) {
	if p, err := os.FindProcess(pid); err == nil {
		_ = p.Kill()
	}
}
