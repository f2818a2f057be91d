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
