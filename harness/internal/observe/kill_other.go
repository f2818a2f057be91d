//go:build unix && !linux

package observe

import "syscall"

// killTree kills an untraced process and its process group; without /proc
// a descendant that left the group is not found.
func killTree(pid int, done <-chan struct{}, _ string) {
	_ = syscall.Kill(-pid, syscall.SIGKILL)
	select {
	case <-done:
	default:
		_ = syscall.Kill(pid, syscall.SIGKILL)
	}
}
