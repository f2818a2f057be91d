//go:build unix && !linux

package observe

import "syscall"

// setpgid gives the process its own process group, so that Kill can signal
// the whole group. A new session (Setsid) already is a new group, and
// setpgid would fail in it.
func setpgid(a *syscall.SysProcAttr) {
	if !a.Setsid {
		a.Setpgid, a.Pgid = true, 0
	}
}

// killTree kills an untraced process and its process group.
func killTree(pid int, done <-chan struct{}) {
	_ = syscall.Kill(-pid, syscall.SIGKILL)
	select {
	case <-done:
	default:
		_ = syscall.Kill(pid, syscall.SIGKILL)
	}
}
