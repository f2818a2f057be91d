//go:build unix && !linux

package observe

import "syscall"

func setpgid(a *syscall.SysProcAttr) { a.Setpgid = true }

// killTree kills an untraced process and its process group.
func killTree(pid int, done <-chan struct{}) {
	_ = syscall.Kill(-pid, syscall.SIGKILL)
	select {
	case <-done:
	default:
		_ = syscall.Kill(pid, syscall.SIGKILL)
	}
}
