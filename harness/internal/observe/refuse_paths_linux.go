//go:build linux && (amd64 || arm64)

package observe

import (
	"encoding/binary"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// pathRefusal is a syscall that changes a file's metadata, or makes a
// node, which a confined process may do in its Writable folders only.
// Landlock covers making nodes (refused with EACCES, and not otherwise
// seen: these are reported here), but not owners, times or extended
// attributes.
type pathRefusal struct {
	nr   uint64
	name string
	op   string
	// path decodes the file the call changes.
	path func(d decoder, a [6]uint64) string
}

func atPath(dirArg, pathArg int) func(d decoder, a [6]uint64) string {
	return func(d decoder, a [6]uint64) string { return d.path(int64(int32(a[dirArg])), a[pathArg]) }
}

func cwdPath(pathArg int) func(d decoder, a [6]uint64) string {
	return func(d decoder, a [6]uint64) string { return d.path(unix.AT_FDCWD, a[pathArg]) }
}

func fdPathArg(d decoder, a [6]uint64) string { return d.fdPath(int(int32(a[0]))) }

var pathRefusals = append([]pathRefusal{
	{unix.SYS_UTIMENSAT, "utimensat", "utime", atPath(0, 1)},
	{unix.SYS_FCHOWNAT, "fchownat", "chown", atPath(0, 1)},
	{unix.SYS_FCHOWN, "fchown", "chown", fdPathArg},
	{unix.SYS_SETXATTR, "setxattr", "xattr", cwdPath(0)},
	{unix.SYS_LSETXATTR, "lsetxattr", "xattr", cwdPath(0)},
	{unix.SYS_FSETXATTR, "fsetxattr", "xattr", fdPathArg},
	{unix.SYS_REMOVEXATTR, "removexattr", "xattr", cwdPath(0)},
	{unix.SYS_LREMOVEXATTR, "lremovexattr", "xattr", cwdPath(0)},
	{unix.SYS_FREMOVEXATTR, "fremovexattr", "xattr", fdPathArg},
	{unix.SYS_SETXATTRAT, "setxattrat", "xattr", atPath(0, 1)},
	{unix.SYS_REMOVEXATTRAT, "removexattrat", "xattr", atPath(0, 1)},
	{unix.SYS_MKNODAT, "mknodat", "mknod", atPath(0, 1)},
	{unix.SYS_BIND, "bind", "bind", unixBindPath},
}, legacyPathRefusals...)

var pathRefusalByNr = func() map[uint64]pathRefusal {
	m := map[uint64]pathRefusal{}
	for _, r := range pathRefusals {
		m[r.nr] = r
	}
	return m
}()

// unixBindPath is the socket file a bind would make; "" for any other
// address (an abstract socket lives in the process's own network
// namespace, a TCP port is Landlock's).
func unixBindPath(d decoder, a [6]uint64) string {
	n := min(a[2], 110)
	if n < 3 {
		return ""
	}
	b, err := d.read(a[1], int(n))
	if err != nil || binary.LittleEndian.Uint16(b) != unix.AF_UNIX || b[2] == 0 {
		return ""
	}
	// sun_path need not end in a NUL when it fills the field, so it is cut
	// here rather than read as a C string; a relative one is the cwd's
	// (d.path of an empty path is the cwd itself).
	p, _, _ := strings.Cut(string(b[2:]), "\x00")
	if !filepath.IsAbs(p) {
		p = filepath.Join(d.path(unix.AT_FDCWD, 0), p)
	}
	return d.throughFd(filepath.Clean(p))
}

// refusePath refuses a metadata change or new node outside the
// confinement's Writable folders, and reports it; it returns false for
// any other call, which runs.
func (t *tracer) refusePath(tid int, st *task, nr uint64, args [6]uint64) bool {
	r, ok := pathRefusalByNr[nr]
	if !ok {
		return false
	}
	d := decoder{tid: tid, tgid: func() int { return t.tgid(tid) }}
	p := r.path(d, args)
	if p == "" || t.s.opts.Confine.allows(p) {
		return false
	}
	e := Event{Kind: File, Op: r.op, Syscall: r.name, Path: p}
	e.stamp(t.s.phase(), t.tgid(tid), time.Now())
	t.deny(tid, st, e)
	return true
}

// allows reports whether a confined process may change path.
func (c *Confinement) allows(path string) bool {
	if slices.Contains(writableDevices, path) {
		return true
	}
	for _, w := range c.Writable {
		if path == w || strings.HasPrefix(path, strings.TrimSuffix(w, "/")+"/") {
			return true
		}
	}
	return false
}

// refuseLocal refuses a confined process's sends that change its network
// namespace itself (a netlink routing change, a raw packet): only its own
// namespace would change, but the attempt is what the plugin would do to
// the machine under `packer validate`.
func (t *tracer) refuseLocal(tid int, st *task, e Event) bool {
	if e.Kind != Network || (e.Proto != "netlink" && e.Proto != "packet") {
		return false
	}
	t.deny(tid, st, e)
	return true
}
