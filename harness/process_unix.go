//go:build unix

package harness

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
)

func setProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

func killProcessGroup(pid int) {
	_ = syscall.Kill(-pid, syscall.SIGKILL)
	_ = syscall.Kill(pid, syscall.SIGKILL)
}

// liveHarnessProcesses finds live processes whose environment points into
// one of this process's sandboxes: plugins and every descendant, even
// re-parented ones. Outside Linux only tracked plugin pids are checked.
func liveHarnessProcesses() []int {
	var pids []int
	if runtime.GOOS == "linux" {
		marker := []byte(string(filepath.Separator) + sandboxPattern())
		entries, _ := os.ReadDir("/proc")
		for _, e := range entries {
			pid, err := strconv.Atoi(e.Name())
			if err != nil || pid == os.Getpid() {
				continue
			}
			env, err := os.ReadFile(filepath.Join("/proc", e.Name(), "environ"))
			if err != nil || !bytes.Contains(env, marker) {
				continue
			}
			if isZombie(pid) {
				continue
			}
			pids = append(pids, pid)
		}
	}
	started.Range(func(k, _ any) bool {
		pid := k.(int)
		if syscall.Kill(pid, 0) == nil && !isZombie(pid) && !slices.Contains(pids, pid) {
			pids = append(pids, pid)
		}
		return true
	})
	sort.Ints(pids)
	return pids
}

func isZombie(pid int) bool {
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	// The state follows the parenthesised command name.
	i := strings.LastIndexByte(string(stat), ')')
	return i > 0 && i+2 < len(stat) && (stat[i+2] == 'Z' || stat[i+2] == 'X')
}
