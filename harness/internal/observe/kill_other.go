//go:build unix && !linux

package observe

import "syscall"

// killTree kills an untraced process and its process group.
func killTree(pid int, done <-chan struct{}) {
	_ = syscall.Kill(-pid, syscall.SIGKILL)
	select {
	case <-done:
	default:
		_ = syscall.Kill(pid, syscall.SIGKILL)
	}
}
