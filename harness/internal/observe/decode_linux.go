//go:build linux && (amd64 || arm64)

package observe

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// sysClass says how a watched syscall's arguments are laid out.
type sysClass int

const (
	sysOpen       sysClass = iota // open(path, flags)
	sysOpenat                     // openat(dirfd, path, flags)
	sysOpenat2                    // openat2(dirfd, path, how*)
	sysCreat                      // creat(path, mode)
	sysTruncate                   // truncate(path, len)
	sysFtruncate                  // ftruncate(fd, len)
	sysRename                     // rename(old, new)
	sysRenameat                   // renameat(olddirfd, old, newdirfd, new[, flags])
	sysUnlink                     // unlink(path)
	sysUnlinkat                   // unlinkat(dirfd, path, flags)
	sysMkdir                      // mkdir(path, mode)
	sysMkdirat                    // mkdirat(dirfd, path, mode)
	sysRmdir                      // rmdir(path)
	sysLink                       // link(old, new)
	sysLinkat                     // linkat(olddirfd, old, newdirfd, new, flags)
	sysSymlink                    // symlink(target, linkpath)
	sysSymlinkat                  // symlinkat(target, newdirfd, linkpath)
	sysChmod                      // chmod(path, mode)
	sysFchmod                     // fchmod(fd, mode)
	sysFchmodat                   // fchmodat(dirfd, path, mode[, flags])
	sysConnect                    // connect(fd, addr*, addrlen)
	sysSendto                     // sendto(fd, buf, len, flags, addr*, addrlen)
	sysSendmsg                    // sendmsg(fd, msghdr*, flags)
	sysSendmmsg                   // sendmmsg(fd, mmsghdr*, vlen, flags)
	sysGetsockopt                 // getsockopt(fd, level, optname, optval*, optlen*): watched only
	//                              for SO_ERROR, the outcome of a non-blocking connect
	sysExecve   // execve(path, argv, envp)
	sysExecveat // execveat(dirfd, path, argv, envp, flags)
)

type sysDesc struct {
	nr    uint64
	name  string
	class sysClass
}

// watched lists the syscalls that can have a side effect: those every
// architecture numbers, then this one's legacy non-*at variants.
var watched = append([]sysDesc{
	{unix.SYS_OPENAT, "openat", sysOpenat},
	{unix.SYS_OPENAT2, "openat2", sysOpenat2},
	{unix.SYS_TRUNCATE, "truncate", sysTruncate},
	{unix.SYS_FTRUNCATE, "ftruncate", sysFtruncate},
	{unix.SYS_RENAMEAT, "renameat", sysRenameat},
	{unix.SYS_RENAMEAT2, "renameat2", sysRenameat},
	{unix.SYS_UNLINKAT, "unlinkat", sysUnlinkat},
	{unix.SYS_MKDIRAT, "mkdirat", sysMkdirat},
	{unix.SYS_LINKAT, "linkat", sysLinkat},
	{unix.SYS_SYMLINKAT, "symlinkat", sysSymlinkat},
	{unix.SYS_FCHMOD, "fchmod", sysFchmod},
	{unix.SYS_FCHMODAT, "fchmodat", sysFchmodat},
	{unix.SYS_FCHMODAT2, "fchmodat2", sysFchmodat},
	{unix.SYS_CONNECT, "connect", sysConnect},
	{unix.SYS_SENDTO, "sendto", sysSendto},
	{unix.SYS_SENDMSG, "sendmsg", sysSendmsg},
	{unix.SYS_SENDMMSG, "sendmmsg", sysSendmmsg},
	{unix.SYS_GETSOCKOPT, "getsockopt", sysGetsockopt},
	{unix.SYS_EXECVE, "execve", sysExecve},
	{unix.SYS_EXECVEAT, "execveat", sysExecveat},
}, legacyWatched...)

var watchedByNr = func() map[uint64]sysDesc {
	m := make(map[uint64]sysDesc, len(watched))
	for _, d := range watched {
		m[d.nr] = d
	}
	return m
}()

// openFlagsArg is the argument index of the flags of open-like syscalls
// whose read-only calls are not events (the seccomp filter checks it too).
func openFlagsArg(c sysClass) (int, bool) {
	switch c {
	case sysOpen:
		return 1, true
	case sysOpenat:
		return 2, true
	}
	return 0, false
}

// writeFlags are the open flags that make an open a side effect.
const writeFlags = unix.O_WRONLY | unix.O_RDWR | unix.O_CREAT | unix.O_TRUNC

// decoder reads one task's syscall arguments out of its memory and /proc.
type decoder struct {
	tid  int
	tgid func() int
}

// decode turns a watched syscall entry into an event; ok is false when the
// call is not a side effect (a read-only open, a send without address...).
func (d decoder) decode(desc sysDesc, a [6]uint64) (e Event, ok bool) {
	e = Event{Kind: File, Syscall: desc.name}
	switch desc.class {
	case sysOpen, sysOpenat, sysOpenat2, sysCreat:
		dirfd, pathArg, flags := int64(unix.AT_FDCWD), a[0], a[1]
		switch desc.class {
		case sysOpenat:
			dirfd, pathArg, flags = int64(int32(a[0])), a[1], a[2]
		case sysOpenat2:
			dirfd, pathArg = int64(int32(a[0])), a[1]
			b, err := d.read(a[2], 8) // struct open_how starts with u64 flags
			if err != nil {
				return e, false
			}
			flags = binary.LittleEndian.Uint64(b)
		case sysCreat:
			flags = unix.O_CREAT | unix.O_WRONLY | unix.O_TRUNC
		}
		if flags&writeFlags == 0 {
			return e, false
		}
		e.Path = d.path(dirfd, pathArg)
		if quietDevice(e.Path) {
			return e, false
		}
		_, statErr := os.Lstat(e.Path)
		switch {
		case flags&unix.O_CREAT != 0 && statErr != nil:
			e.Op = "create"
		case flags&unix.O_TRUNC != 0:
			e.Op = "truncate"
		default:
			e.Op = "write"
		}
	case sysTruncate:
		e.Op, e.Path = "truncate", d.path(unix.AT_FDCWD, a[0])
	case sysFtruncate:
		e.Op, e.Path = "truncate", d.fdPath(int(int32(a[0])))
	case sysRename:
		e.Op, e.Path, e.NewPath = "rename", d.path(unix.AT_FDCWD, a[0]), d.path(unix.AT_FDCWD, a[1])
	case sysRenameat:
		e.Op, e.Path, e.NewPath = "rename", d.path(int64(int32(a[0])), a[1]), d.path(int64(int32(a[2])), a[3])
	case sysUnlink:
		e.Op, e.Path = "remove", d.path(unix.AT_FDCWD, a[0])
	case sysUnlinkat:
		e.Op, e.Path = "remove", d.path(int64(int32(a[0])), a[1])
		if a[2]&unix.AT_REMOVEDIR != 0 {
			e.Op = "rmdir"
		}
	case sysMkdir:
		e.Op, e.Path = "mkdir", d.path(unix.AT_FDCWD, a[0])
	case sysMkdirat:
		e.Op, e.Path = "mkdir", d.path(int64(int32(a[0])), a[1])
	case sysRmdir:
		e.Op, e.Path = "rmdir", d.path(unix.AT_FDCWD, a[0])
	case sysLink:
		e.Op, e.Path, e.NewPath = "link", d.path(unix.AT_FDCWD, a[1]), d.path(unix.AT_FDCWD, a[0])
	case sysLinkat:
		e.Op, e.Path, e.NewPath = "link", d.path(int64(int32(a[2])), a[3]), d.path(int64(int32(a[0])), a[1])
	case sysSymlink:
		e.Op, e.Path, e.NewPath = "symlink", d.path(unix.AT_FDCWD, a[1]), d.str(a[0])
	case sysSymlinkat:
		e.Op, e.Path, e.NewPath = "symlink", d.path(int64(int32(a[1])), a[2]), d.str(a[0])
	case sysChmod:
		e.Op, e.Path = "chmod", d.path(unix.AT_FDCWD, a[0])
	case sysFchmod:
		e.Op, e.Path = "chmod", d.fdPath(int(int32(a[0])))
	case sysFchmodat:
		e.Op, e.Path = "chmod", d.path(int64(int32(a[0])), a[1])
	case sysConnect:
		return d.network(e, int(int32(a[0])), a[1], a[2], true, 0)
	case sysSendto:
		if a[4] == 0 {
			return e, false // no destination: a send on a connected socket
		}
		return d.network(e, int(int32(a[0])), a[4], a[5], false, a[1])
	case sysSendmsg, sysSendmmsg:
		// struct msghdr (and mmsghdr, which starts with one) begins with
		// void *msg_name; socklen_t msg_namelen.
		// Then struct iovec *msg_iov at 16: the first one holds the
		// start of the message.
		b, err := d.read(a[1], 24)
		if err != nil {
			return e, false
		}
		name, nameLen := binary.LittleEndian.Uint64(b), binary.LittleEndian.Uint32(b[8:])
		if name == 0 || nameLen == 0 {
			return e, false
		}
		var payload uint64
		if iov := binary.LittleEndian.Uint64(b[16:]); iov != 0 {
			if ib, err := d.read(iov, 8); err == nil {
				payload = binary.LittleEndian.Uint64(ib)
			}
		}
		return d.network(e, int(int32(a[0])), name, uint64(nameLen), false, payload)
	case sysExecve:
		e.Kind, e.Op = Process, "exec"
		e.Path, e.Argv = d.path(unix.AT_FDCWD, a[0]), d.argv(a[1])
	case sysExecveat:
		e.Kind, e.Op = Process, "exec"
		e.Path, e.Argv = d.path(int64(int32(a[0])), a[1]), d.argv(a[2])
	default:
		return e, false
	}
	return e, true
}

// quietDevice reports paths whose writes change nothing on disk.
func quietDevice(p string) bool {
	switch p {
	case "/dev/null", "/dev/zero", "/dev/full", "/dev/tty", "/dev/ptmx",
		"/dev/stdout", "/dev/stderr", "/dev/stdin", "/dev/random", "/dev/urandom":
		return true
	}
	return strings.HasPrefix(p, "/dev/pts/") || strings.HasPrefix(p, "/dev/fd/") ||
		strings.HasPrefix(p, "/proc/self/fd/")
}

// network decodes a destination sockaddr; connect also learns the socket
// type, since a stream and a datagram socket connect alike. payload is
// where a send's message starts (0 when unknown): a netlink message says
// there whether it asks or changes.
func (d decoder) network(e Event, fd int, addr, addrLen uint64, isConnect bool, payload uint64) (Event, bool) {
	e.Kind = Network
	if isConnect {
		e.Op = "connect"
	} else {
		e.Op = "send"
	}
	n := min(addrLen, 128)
	if n < 2 {
		return e, false
	}
	b, err := d.read(addr, int(n))
	if err != nil {
		return e, false
	}
	family := binary.LittleEndian.Uint16(b)
	var port uint16
	switch family {
	case unix.AF_INET, unix.AF_INET6:
		if family == unix.AF_INET && len(b) >= 8 {
			port = binary.BigEndian.Uint16(b[2:])
			e.Addr = netip.AddrPortFrom(netip.AddrFrom4([4]byte(b[4:8])), port).String()
		} else if family == unix.AF_INET6 && len(b) >= 24 {
			port = binary.BigEndian.Uint16(b[2:])
			// An IPv4 peer reached through an IPv6 socket reads as IPv4.
			e.Addr = netip.AddrPortFrom(netip.AddrFrom16([16]byte(b[8:24])).Unmap(), port).String()
		} else {
			return e, false
		}
		e.Proto = "udp"
		if isConnect && d.sockType(fd) == unix.SOCK_STREAM {
			e.Proto = "tcp"
		}
		if e.Proto == "udp" && port == 53 {
			e.Op = "dns"
		}
	case unix.AF_UNIX:
		e.Proto = "unix"
		p := b[2:]
		if len(p) > 0 && p[0] == 0 {
			e.Addr = "@" + string(p[1:]) // abstract socket
		} else if i := strings.IndexByte(string(p), 0); i >= 0 {
			e.Addr = string(p[:i])
		} else {
			e.Addr = string(p)
		}
	case unix.AF_NETLINK:
		// Asking the kernel (the Go runtime lists interfaces so) is not a
		// side effect; a routing message that adds, removes or sets an
		// address, link, route or rule is.
		if payload == 0 || d.sockOpt(fd, unix.SO_PROTOCOL) != unix.NETLINK_ROUTE {
			return e, false
		}
		h, err := d.read(payload, 6)
		if err != nil {
			return e, false
		}
		typ := binary.LittleEndian.Uint16(h[4:])
		if typ < unix.RTM_BASE || typ%4 == 2 { // RTM_GET* are 18, 22, 26, ...
			return e, false
		}
		e.Proto, e.Addr = "netlink", rtmName(typ)
	case unix.AF_PACKET:
		if len(b) < 8 {
			return e, false
		}
		e.Proto, e.Addr = "packet", fmt.Sprintf("ifindex %d", int32(binary.LittleEndian.Uint32(b[4:])))
	default:
		return e, false // AF_UNSPEC disconnects
	}
	return e, true
}

// rtmName names a routing netlink message type.
func rtmName(typ uint16) string {
	names := map[uint16]string{
		unix.RTM_NEWLINK: "RTM_NEWLINK", unix.RTM_DELLINK: "RTM_DELLINK", unix.RTM_SETLINK: "RTM_SETLINK",
		unix.RTM_NEWADDR: "RTM_NEWADDR", unix.RTM_DELADDR: "RTM_DELADDR",
		unix.RTM_NEWROUTE: "RTM_NEWROUTE", unix.RTM_DELROUTE: "RTM_DELROUTE",
		unix.RTM_NEWNEIGH: "RTM_NEWNEIGH", unix.RTM_DELNEIGH: "RTM_DELNEIGH",
		unix.RTM_NEWRULE: "RTM_NEWRULE", unix.RTM_DELRULE: "RTM_DELRULE",
	}
	if n, ok := names[typ]; ok {
		return n
	}
	return fmt.Sprintf("routing message type %d", typ)
}

// sockType asks the socket itself for its type.
func (d decoder) sockType(fd int) int { return d.sockOpt(fd, unix.SO_TYPE) }

// sockOpt reads an integer socket option of the tracee's socket, through
// a duplicate of its descriptor (the tracer is allowed to take one); -1
// when it cannot.
func (d decoder) sockOpt(fd, opt int) int {
	pidfd, err := unix.PidfdOpen(d.tgid(), 0)
	if err != nil {
		return -1
	}
	defer unix.Close(pidfd)
	dup, err := unix.PidfdGetfd(pidfd, fd, 0)
	if err != nil {
		return -1
	}
	defer unix.Close(dup)
	v, err := unix.GetsockoptInt(dup, unix.SOL_SOCKET, opt)
	if err != nil {
		return -1
	}
	return v
}

// path reads a path argument and makes it absolute against dirfd; a path
// through one of the process's own descriptors (/proc/self/fd/N/...,
// /dev/fd/N, /dev/stdout) is the file the descriptor is.
func (d decoder) path(dirfd int64, addr uint64) string {
	p := d.str(addr)
	if filepath.IsAbs(p) {
		return d.throughFd(filepath.Clean(p))
	}
	var base string
	if dirfd == unix.AT_FDCWD {
		base, _ = os.Readlink(fmt.Sprintf("/proc/%d/cwd", d.tid))
	} else {
		base = d.fdPath(int(dirfd))
	}
	if p == "" {
		return base // AT_EMPTY_PATH: the dirfd itself
	}
	return filepath.Join(base, p)
}

func (d decoder) fdPath(fd int) string {
	p, err := os.Readlink("/proc/" + strconv.Itoa(d.tid) + "/fd/" + strconv.Itoa(fd))
	if err != nil {
		return fmt.Sprintf("fd %d", fd)
	}
	return p
}

// argv reads a NULL-terminated array of string pointers.
func (d decoder) argv(addr uint64) []string {
	var out []string
	for i := range 1024 {
		b, err := d.read(addr+uint64(i)*8, 8)
		if err != nil {
			break
		}
		p := binary.LittleEndian.Uint64(b)
		if p == 0 {
			break
		}
		out = append(out, d.str(p))
	}
	return out
}

// str reads a NUL-terminated string, page by page so that a string ending
// just before an unmapped page can still be read.
func (d decoder) str(addr uint64) string {
	if addr == 0 {
		return ""
	}
	var out []byte
	for len(out) < unix.PathMax {
		n := 4096 - int(addr%4096)
		n = min(n, 256)
		b, err := d.read(addr, n)
		if err != nil {
			break
		}
		if i := strings.IndexByte(string(b), 0); i >= 0 {
			return string(append(out, b[:i]...))
		}
		out = append(out, b...)
		addr += uint64(n)
	}
	return string(out)
}

// read copies n bytes of the tracee's memory.
func (d decoder) read(addr uint64, n int) ([]byte, error) {
	b := make([]byte, n)
	got, err := unix.ProcessVMReadv(d.tid,
		[]unix.Iovec{{Base: &b[0], Len: uint64(n)}},
		[]unix.RemoteIovec{{Base: uintptr(addr), Len: n}}, 0)
	if err == nil && got == n {
		return b, nil
	}
	// process_vm_readv can be disabled (or the range straddles a guard
	// page); ptrace's word-by-word reads still work on a stopped tracee.
	if _, err := unix.PtracePeekData(d.tid, uintptr(addr), b); err != nil {
		return nil, err
	}
	return b, nil
}

// fdLinks are the names of a process's own descriptors.
var fdLinks = regexp.MustCompile(`^/(?:proc/(?:self|thread-self)/fd|dev/fd)/([0-9]+)(/.*)?$`)

// throughFd resolves a path that names a descriptor of the process (or a
// folder below a directory descriptor) to the file it is; pipes, sockets
// and the like stay as named.
func (d decoder) throughFd(p string) string {
	switch p {
	case "/dev/stdin", "/dev/stdout", "/dev/stderr":
		p = "/dev/fd/" + strconv.Itoa(slices.Index([]string{"/dev/stdin", "/dev/stdout", "/dev/stderr"}, p))
	}
	m := fdLinks.FindStringSubmatch(p)
	if m == nil {
		return p
	}
	fd, _ := strconv.Atoi(m[1])
	target := d.fdPath(fd)
	if !filepath.IsAbs(target) {
		return p
	}
	return filepath.Join(target, m[2])
}
