package observe

import (
	"bytes"
	"os"
	"strconv"
	"strings"
)

// What /proc tells about processes that are not ours to wait for.

// procStat reads a process's state letter and parent pid from
// /proc/PID/stat: "pid (comm) state ppid ...", where comm may hold spaces
// and parentheses, so it is parsed after the last ')'.
func procStat(pid int) (state byte, ppid int, ok bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, 0, false
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0, 0, false
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 2 {
		return 0, 0, false
	}
	ppid, _ = strconv.Atoi(f[1])
	return f[0][0], ppid, true
}

// Running reports whether pid is a process that has not ended: it exists
// and is not a zombie waiting to be reaped.
func Running(pid int) bool {
	state, _, ok := procStat(pid)
	return ok && state != 'Z' && state != 'X'
}

// pids lists every process id in /proc.
func pids() []int {
	ents, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	var out []int
	for _, e := range ents {
		if pid, err := strconv.Atoi(e.Name()); err == nil {
			out = append(out, pid)
		}
	}
	return out
}

// Marked lists the running processes, other than this one, whose
// environment contains marker. A process keeps its parent's environment
// through fork, setsid and exec unless it clears it, so this finds
// descendants that left the process tree.
func Marked(marker string) []int {
	if marker == "" {
		return nil
	}
	var out []int
	for _, pid := range pids() {
		if pid == os.Getpid() {
			continue
		}
		env, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/environ")
		if err == nil && bytes.Contains(env, []byte(marker)) && Running(pid) {
			out = append(out, pid)
		}
	}
	return out
}

// descendants lists the pids whose parent chain leads to root.
func descendants(root int) []int {
	children := map[int][]int{}
	for _, pid := range pids() {
		if _, pp, ok := procStat(pid); ok && pp > 0 {
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
