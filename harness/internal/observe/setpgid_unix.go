//go:build unix

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
