//go:build linux && (amd64 || arm64)

package observe

import (
	"encoding/binary"
	"os"
	"slices"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
)

// TestDecodeSockaddr decodes addresses placed in this process's own memory
// (a process may read itself the way the tracer reads a tracee), covering
// the families the loopback scenarios cannot reach here: IPv6, IPv4-mapped
// IPv6, abstract unix sockets, and families that are not network peers.
func TestDecodeSockaddr(t *testing.T) {
	in6 := func(ip [16]byte, port uint16) []byte {
		b := make([]byte, 28)
		binary.LittleEndian.PutUint16(b, unix.AF_INET6)
		binary.BigEndian.PutUint16(b[2:], port)
		copy(b[8:], ip[:])
		return b
	}
	loop6 := [16]byte{15: 1}
	mapped := [16]byte{10: 0xff, 11: 0xff, 12: 127, 15: 1}
	abstract := append([]byte{unix.AF_UNIX, 0, 0}, "plugin-sock"...)
	netlink := []byte{unix.AF_NETLINK, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}
	for _, tc := range []struct {
		name   string
		addr   []byte
		ok     bool
		op     string
		target string
		proto  string
	}{
		{"ipv6 dns", in6(loop6, 53), true, "dns", "[::1]:53", "udp"},
		{"ipv4-mapped", in6(mapped, 8080), true, "send", "127.0.0.1:8080", "udp"},
		{"abstract unix", abstract, true, "send", "@plugin-sock", "unix"},
		{"netlink", netlink, false, "", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := decoder{tid: os.Getpid(), tgid: os.Getpid}
			e, ok := d.network(Event{}, -1, uint64(uintptr(unsafe.Pointer(&tc.addr[0]))), uint64(len(tc.addr)), false, 0)
			if ok != tc.ok {
				t.Fatalf("network(%s) ok = %v, want %v (%+v)", tc.name, ok, tc.ok, e)
			}
			if ok && (e.Op != tc.op || e.Addr != tc.target || e.Proto != tc.proto) {
				t.Errorf("network(%s) = %s %s %s, want %s %s %s", tc.name, e.Op, e.Proto, e.Addr, tc.op, tc.proto, tc.target)
			}
		})
	}
}

// TestTracingAvailable keeps the traced tests from being skipped silently:
// where ptrace is forbidden (some CI containers), set
// OBSERVE_ALLOW_NO_PTRACE=1 to accept running the snapshot tests only.
func TestTracingAvailable(t *testing.T) {
	avail := Available()
	for _, m := range []Mode{ModeSeccomp, ModePtrace} {
		if !slices.Contains(avail, m) {
			if os.Getenv("OBSERVE_ALLOW_NO_PTRACE") == "1" {
				t.Skipf("%s unavailable: %v", m, probeErrs[m])
			}
			t.Errorf("%s unavailable: %v (set OBSERVE_ALLOW_NO_PTRACE=1 where ptrace is forbidden)", m, probeErrs[m])
		}
	}
}
