//go:build linux

package observe

import "golang.org/x/sys/unix"

const auditArch = unix.AUDIT_ARCH_AARCH64

// watched lists the syscalls that can have a side effect, for this
// architecture's numbering (arm64 has only the *at variants).
var watched = []sysDesc{
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
}
