package harness

import (
	"os"
	"path/filepath"
	"slices"
	"sort"
	"sync"

	"github.com/packer-plugin-dev/packer-plugin-dev/harness/internal/observe"
)

// started holds the pid of every plugin process this process started and
// has not yet reaped.
var started sync.Map

// sockets holds the unix socket paths plugins announced, until Close
// removed them.
var sockets sync.Map

func trackProcess(pid int)   { started.Store(pid, true) }
func untrackProcess(pid int) { started.Delete(pid) }

// Leftover lists what the harness of this process left behind.
type Leftover struct {
	// PIDs are live processes started by the harness (plugins and their
	// descendants, found by the sandbox path in their environment on
	// Linux).
	PIDs []int
	// Paths are sandbox folders and plugin sockets still on disk.
	Paths []string
}

// Empty reports whether nothing was left behind.
func (l Leftover) Empty() bool { return len(l.PIDs) == 0 && len(l.Paths) == 0 }

// Leftovers reports the processes and folders of this process's harness
// still around. After every Plugin is closed it must be empty.
func Leftovers() Leftover {
	var l Leftover
	l.PIDs = liveHarnessProcesses()
	seen := map[string]bool{}
	liveSandboxes.Range(func(k, _ any) bool {
		root := k.(string)
		if _, err := os.Lstat(root); err == nil {
			seen[root] = true
		}
		return true
	})
	sockets.Range(func(k, _ any) bool {
		if _, err := os.Lstat(k.(string)); err == nil {
			seen[k.(string)] = true
		} else {
			sockets.Delete(k)
		}
		return true
	})
	// Also folders this process created but forgot about.
	for _, parent := range sandboxParents() {
		matches, _ := filepath.Glob(filepath.Join(parent, sandboxPattern()+"*"))
		for _, m := range matches {
			seen[m] = true
		}
	}
	for p := range seen {
		l.Paths = append(l.Paths, p)
	}
	sort.Strings(l.Paths)
	return l
}

// liveHarnessProcesses finds live processes whose environment points into
// one of this process's sandboxes (plugins and every descendant, even
// re-parented ones; Linux only), and the plugin pids still tracked.
func liveHarnessProcesses() []int {
	pids := observe.Marked(string(filepath.Separator) + sandboxPattern())
	started.Range(func(k, _ any) bool {
		if pid := k.(int); observe.Running(pid) && !slices.Contains(pids, pid) {
			pids = append(pids, pid)
		}
		return true
	})
	sort.Ints(pids)
	return pids
}
