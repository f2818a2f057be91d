//go:build linux && (amd64 || arm64)

package observe

import (
	"encoding/binary"
	"errors"
	"net/netip"

	"golang.org/x/sys/unix"
)

// destination locates the sockaddr a connect or send names: its address
// in the tracee and its length; ok is false for a call without one.
func (d decoder) destination(desc sysDesc, a [6]uint64) (ptr, size uint64, ok bool) {
	switch desc.class {
	case sysConnect:
		return a[1], a[2], a[1] != 0
	case sysSendto:
		return a[4], a[5], a[4] != 0
	case sysSendmsg, sysSendmmsg:
		b, err := d.read(a[1], 12)
		if err != nil {
			return 0, 0, false
		}
		ptr, size = binary.LittleEndian.Uint64(b), uint64(binary.LittleEndian.Uint32(b[8:]))
		return ptr, size, ptr != 0
	}
	return 0, 0, false
}

// redirect writes to over the IPv4 or IPv6 sockaddr at ptr, keeping its
// family: an IPv6 socket gets an IPv4 target as a v4-mapped address.
func (d decoder) redirect(ptr, size uint64, to netip.AddrPort) error {
	b, err := d.read(ptr, int(min(size, 28)))
	if err != nil {
		return err
	}
	binary.BigEndian.PutUint16(b[2:], to.Port())
	switch family := binary.LittleEndian.Uint16(b); {
	case family == unix.AF_INET && len(b) >= 8 && to.Addr().Is4():
		a := to.Addr().As4()
		copy(b[4:8], a[:])
	case family == unix.AF_INET6 && len(b) >= 24:
		a := to.Addr().As16() // an IPv4 address comes out v4-mapped
		copy(b[8:24], a[:])
		if len(b) >= 28 {
			clear(b[24:28]) // scope id
		}
	default:
		return errors.New("not an IPv4 or IPv6 address of a matching family")
	}
	return d.write(ptr, b)
}

// write puts b into the stopped tracee at addr.
func (d decoder) write(addr uint64, b []byte) error {
	n, err := unix.ProcessVMWritev(d.tid,
		[]unix.Iovec{{Base: &b[0], Len: uint64(len(b))}},
		[]unix.RemoteIovec{{Base: uintptr(addr), Len: len(b)}}, 0)
	if err == nil && n == len(b) {
		return nil
	}
	_, err = unix.PtracePokeData(d.tid, uintptr(addr), b)
	return err
}
