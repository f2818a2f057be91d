package harness

import (
	"testing"

	"github.com/packer-plugin-dev/packer-plugin-dev/harness/internal/observe"
)

// The harness re-exports observe's names as plain strings; they must agree.
func TestNamesAgreeWithObserve(t *testing.T) {
	pairs := map[string][2]string{
		"seccomp":  {string(TraceSeccomp), string(observe.ModeSeccomp)},
		"ptrace":   {string(TracePtrace), string(observe.ModePtrace)},
		"snapshot": {string(TraceSnapshot), string(observe.ModeSnapshot)},
		"file":     {string(EventFile), string(observe.File)},
		"network":  {string(EventNetwork), string(observe.Network)},
		"process":  {string(EventProcess), string(observe.Process)},
	}
	for name, p := range pairs {
		if p[0] != p[1] {
			t.Errorf("%s: harness says %q, observe %q", name, p[0], p[1])
		}
	}
}

func TestRPCSocketEventsAreIgnored(t *testing.T) {
	tmp := "/sb/tmp"
	sock := "/sb/tmp/packer-plugin123"
	cases := []struct {
		e    observe.Event
		addr string
		want bool
	}{
		{observe.Event{Kind: observe.File, Op: "create", Path: sock}, "", true},
		{observe.Event{Kind: observe.File, Op: "remove", Path: sock}, sock, true},
		{observe.Event{Kind: observe.File, Op: "create", Path: "/sb/tmp/packer-plugin-mine.txt"}, "", false},
		{observe.Event{Kind: observe.File, Op: "create", Path: "/sb/tmp/packer-plugin999"}, sock, false},
		{observe.Event{Kind: observe.File, Op: "create", Path: "/elsewhere/packer-plugin1"}, "", false},
		{observe.Event{Kind: observe.Network, Op: "connect", Proto: "unix", Addr: sock}, sock, true},
		{observe.Event{Kind: observe.Network, Op: "connect", Proto: "tcp", Addr: "127.0.0.1:1"}, sock, false},
	}
	for _, tc := range cases {
		if got := isRPCSocketEvent(tc.e, tmp, tc.addr); got != tc.want {
			t.Errorf("isRPCSocketEvent(%v, addr %q) = %v, want %v", tc.e, tc.addr, got, tc.want)
		}
	}
}
