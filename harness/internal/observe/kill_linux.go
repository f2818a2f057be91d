package observe

import (
	"os"
	"strconv"
	"strings"
	"syscall"
)

// killTree kills an untraced process, its group and every descendant found
// in /proc. Descendants are stopped first so that none can fork away while
// the tree is collected, and collected before the root dies, because then
// they are reparented and can no longer be found from it.
func killTree(pid int, done <-chan struct{}) {
	select {
	case <-done:
		// The main pid is reaped and may be reused: only the group (which
		// cannot be reused while a member lives) is still safe to signal.
		_ = syscall.Kill(-pid, syscall.SIGKILL)
		return
	default:
	}
	seen := map[int]bool{pid: true}
	for range 3 {
		grew := false
		for _, p := range descendants(pid) {
			if !seen[p] {
				seen[p], grew = true, true
			}
			_ = syscall.Kill(p, syscall.SIGSTOP)
		}
		if !grew {
			break
		}
	}
	_ = syscall.Kill(-pid, syscall.SIGKILL)
	for p := range seen {
		_ = syscall.Kill(p, syscall.SIGKILL)
	}
}

// descendants lists the pids whose parent chain leads to root.
func descendants(root int) []int {
	ents, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	children := map[int][]int{}
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if pp := ppid(pid); pp > 0 {
			children[pp] = append(children[pp], pid)
		}
	}
	var out []int
	queue := []int{root}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		for _, c := range children[p] {
			out = append(out, c)
			queue = append(queue, c)
		}
	}
	return out
}

// ppid reads the parent pid from /proc/PID/stat ("pid (comm) state ppid ...";
// comm may contain spaces and parentheses, so parse after the last ')').
func ppid(pid int) int {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 2 {
		return 0
	}
	n, _ := strconv.Atoi(f[1])
	return n
}
