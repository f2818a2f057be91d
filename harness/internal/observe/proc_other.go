//go:build !linux

package observe

import (
	"os"
	"runtime"
	"syscall"
)

// Running reports whether pid is a process that has not ended.
func Running(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	if runtime.GOOS == "windows" {
		return true // FindProcess fails there for a process that is gone
	}
	return p.Signal(syscall.Signal(0)) == nil
}

// Marked finds processes by their environment only on Linux.
func Marked(string) []int { return nil }
