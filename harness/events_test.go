package harness

import "testing"

func TestRPCSocketEventsAreIgnored(t *testing.T) {
	tmp := "/sb/tmp"
	sock := "/sb/tmp/packer-plugin123"
	cases := []struct {
		e    Event
		addr string
		want bool
	}{
		{Event{Kind: EventFile, Op: "create", Path: sock}, "", true},
		{Event{Kind: EventFile, Op: "remove", Path: sock}, sock, true},
		{Event{Kind: EventFile, Op: "create", Path: "/sb/tmp/packer-plugin-mine.txt"}, "", false},
		{Event{Kind: EventFile, Op: "create", Path: "/sb/tmp/packer-plugin999"}, sock, false},
		{Event{Kind: EventFile, Op: "create", Path: "/elsewhere/packer-plugin1"}, "", false},
		{Event{Kind: EventNetwork, Op: "connect", Proto: "unix", Addr: sock}, sock, true},
		{Event{Kind: EventNetwork, Op: "connect", Proto: "tcp", Addr: "127.0.0.1:1"}, sock, false},
	}
	for _, tc := range cases {
		if got := isRPCSocketEvent(tc.e, tmp, tc.addr); got != tc.want {
			t.Errorf("isRPCSocketEvent(%v, addr %q) = %v, want %v", tc.e, tc.addr, got, tc.want)
		}
	}
}
