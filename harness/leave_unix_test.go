//go:build unix

package harness

import (
	"syscall"
	"testing"
)

// leaveBetweenCalls makes a started *-after-handshake fixture exit (or
// panic) now, between calls (it waits for SIGUSR1), and waits until it
// has.
func leaveBetweenCalls(t *testing.T, p *Plugin) {
	t.Helper()
	if err := syscall.Kill(p.Pid(), syscall.SIGUSR1); err != nil {
		t.Fatal(err)
	}
	<-p.Done()
}
