// Package scratch makes the temporary folders a command works in, named so
// that the next run can tell which ones a killed run left behind: each
// carries the pid of the process that made it, and a folder whose process
// no longer exists is removed the first time the same kind of folder is
// made in the same place.
package scratch

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// swept records the (parent, prefix) pairs this process already swept.
var swept sync.Map

// MkdirTemp is os.MkdirTemp(parent, prefix+"<pid>-*"), after removing the
// folders of dead processes with the same prefix in parent. An empty
// parent is os.TempDir().
func MkdirTemp(parent, prefix string) (string, error) {
	if parent == "" {
		parent = os.TempDir()
	}
	Sweep(parent, prefix)
	return os.MkdirTemp(parent, Pattern(prefix))
}

// Pattern is the os.MkdirTemp pattern of this process's folders.
func Pattern(prefix string) string { return prefix + strconv.Itoa(os.Getpid()) + "-*" }

// Sweep removes, once per process, parent's folders named prefix+"<pid>-"
// whose process no longer exists. Folders of live processes, and anything
// else, are left alone.
func Sweep(parent, prefix string) {
	if _, done := swept.LoadOrStore(parent+"\x00"+prefix, true); done {
		return
	}
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), prefix)
		if !ok || !e.IsDir() {
			continue
		}
		pidText, _, _ := strings.Cut(rest, "-")
		pid, err := strconv.Atoi(pidText)
		if err != nil || pid == os.Getpid() || Alive(pid) {
			continue
		}
		RemoveAll(filepath.Join(parent, e.Name()))
	}
}

// RemoveAll removes path, making read-only folders in it writable first
// (a plugin or a Go module cache may leave some).
func RemoveAll(path string) error {
	if err := os.RemoveAll(path); err == nil {
		return nil
	}
	_ = filepath.WalkDir(path, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			_ = os.Chmod(p, 0o755)
		}
		return nil
	})
	return os.RemoveAll(path)
}
