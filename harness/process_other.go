//go:build !unix

package harness

import (
	"os"
	"os/exec"
)

func setProcessGroup(cmd *exec.Cmd) {}

func killProcessGroup(pid int) {
	if p, err := os.FindProcess(pid); err == nil {
		_ = p.Kill()
	}
}

func liveHarnessProcesses() []int {
	var pids []int
	started.Range(func(k, _ any) bool {
		pids = append(pids, k.(int))
		return true
	})
	return pids
}
