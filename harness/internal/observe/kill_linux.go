package observe

import (
	"time"

	"golang.org/x/sys/unix"
)

// killTree kills an untraced process, its group, every descendant found in
// /proc and every process carrying marker in its environment (descendants
// that double-forked or called setsid and so left the tree). Descendants
// are stopped first so that none can fork away while the tree is
// collected, and collected before the root dies, because then they are
// reparented and can no longer be found from it. It returns once every
// process it signalled has ended.
func killTree(pid int, done <-chan struct{}, marker string) {
	mainLive := true
	select {
	case <-done:
		// The main pid is reaped and may be reused: only the group (which
		// cannot be reused while a member lives) is still safe to signal.
		mainLive = false
	default:
	}
	seen := map[int]bool{}
	for range 3 {
		grew := false
		var found []int
		if mainLive {
			found = descendants(pid)
		}
		for _, p := range append(found, Marked(marker)...) {
			if !seen[p] {
				seen[p], grew = true, true
			}
			_ = unix.Kill(p, unix.SIGSTOP)
		}
		if !grew {
			break
		}
	}
	if mainLive {
		seen[pid] = true
	}
	killAndWait(seen, func() { _ = unix.Kill(-pid, unix.SIGKILL) })
}

// killAndWait opens a pidfd for each process (so a reused pid is never
// signalled or waited for), runs also (which signals more), SIGKILLs them
// and waits until each has ended, at most 5 s in all.
func killAndWait(pids map[int]bool, also func()) {
	var fds []int
	for p := range pids {
		fd, err := unix.PidfdOpen(p, 0)
		if err != nil {
			// Gone already (ESRCH), or a kernel without pidfds (before 5.3).
			_ = unix.Kill(p, unix.SIGKILL)
			continue
		}
		fds = append(fds, fd)
	}
	also()
	for _, fd := range fds {
		_ = unix.PidfdSendSignal(fd, unix.SIGKILL, nil, 0)
	}
	deadline := time.Now().Add(5 * time.Second)
	for _, fd := range fds {
		// A pidfd is readable once its process has ended.
		pfd := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
		for {
			left := time.Until(deadline)
			if left <= 0 {
				break
			}
			n, err := unix.Poll(pfd, int(left.Milliseconds())+1)
			if n > 0 || err != unix.EINTR {
				break
			}
		}
		unix.Close(fd)
	}
}
