//go:build linux

package observe

import "golang.org/x/sys/unix"

const auditArch = unix.AUDIT_ARCH_X86_64

// legacyWatched are the watched syscalls amd64 keeps beside their *at
// variants (see watched).
var legacyWatched = []sysDesc{
	{unix.SYS_OPEN, "open", sysOpen},
	{unix.SYS_CREAT, "creat", sysCreat},
	{unix.SYS_RENAME, "rename", sysRename},
	{unix.SYS_UNLINK, "unlink", sysUnlink},
	{unix.SYS_MKDIR, "mkdir", sysMkdir},
	{unix.SYS_RMDIR, "rmdir", sysRmdir},
	{unix.SYS_LINK, "link", sysLink},
	{unix.SYS_SYMLINK, "symlink", sysSymlink},
	{unix.SYS_CHMOD, "chmod", sysChmod},
}

// legacyRefusals are amd64's own syscalls a confined process is refused.
var legacyRefusals = []refusal{
	{unix.SYS_IOPL, "iopl", "kernel"},
	{unix.SYS_IOPERM, "ioperm", "kernel"},
	{unix.SYS_USELIB, "uselib", "kernel"},
}

// legacyPathRefusals are amd64's own metadata and node syscalls (see
// pathRefusals).
var legacyPathRefusals = []pathRefusal{
	{unix.SYS_CHOWN, "chown", "chown", cwdPath(0)},
	{unix.SYS_LCHOWN, "lchown", "chown", cwdPath(0)},
	{unix.SYS_UTIME, "utime", "utime", cwdPath(0)},
	{unix.SYS_UTIMES, "utimes", "utime", cwdPath(0)},
	{unix.SYS_FUTIMESAT, "futimesat", "utime", atPath(0, 1)},
	{unix.SYS_MKNOD, "mknod", "mknod", cwdPath(0)},
}
