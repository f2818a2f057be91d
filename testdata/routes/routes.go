//go:build linux

// Package routes is one side effect per route a plugin's Configure could
// take to change the machine, each as small as it can be. The confinement
// tests run each in a confined process (the observer's helper, and the
// misbehave plugin's contain-<route> post-processors) and require it to
// be refused or seen, with its route named, and to leave nothing behind.
package routes

import (
	"encoding/binary"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Route is one way to change the machine.
type Route struct {
	Name string
	// Syscall is the syscall a report must name for this route.
	Syscall string
	// Allowed routes run (a child process, say) and must be seen, and
	// what they start ended with the process; the others must be refused
	// or fail.
	Allowed bool
	// Do attempts the side effect on outside, a path in a folder outside
	// the process's sandbox that nothing else uses; its error is the
	// kernel's answer, not a test failure.
	Do func(outside string) error
}

// All are the routes, plain ones first.
var All = []Route{
	{"write", "openat", false, func(o string) error { return os.WriteFile(o, []byte("x"), 0o644) }},
	{"mkdir", "mkdirat", false, func(o string) error { return os.Mkdir(o, 0o755) }},
	{"symlink", "symlinkat", false, func(o string) error { return os.Symlink("/etc/hostname", o) }},
	{"tmpfile", "openat", false, func(o string) error {
		fd, err := unix.Open(filepath.Dir(o), unix.O_TMPFILE|unix.O_WRONLY, 0o600)
		if err == nil {
			unix.Close(fd)
		}
		return err
	}},
	{"mknod-fifo", "mknodat", false, func(o string) error { return unix.Mkfifo(o, 0o644) }},
	{"bind-unix", "bind", false, func(o string) error {
		l, err := net.Listen("unix", o)
		if err == nil {
			l.Close()
		}
		return err
	}},
	{"utimensat", "utimensat", false, func(o string) error {
		return unix.UtimesNanoAt(unix.AT_FDCWD, filepath.Dir(o), []unix.Timespec{{}, {}}, 0)
	}},
	{"chown", "fchownat", false, func(o string) error { return os.Chown(filepath.Dir(o), os.Getuid(), os.Getgid()) }},
	{"setxattr", "setxattr", false, func(o string) error {
		return unix.Setxattr(filepath.Dir(o), "user.packer-plugin-dev", []byte("x"), 0)
	}},
	{"chattr", "ioctl", false, func(o string) error {
		f, err := os.Open(filepath.Dir(o))
		if err != nil {
			return err
		}
		defer f.Close()
		return unix.IoctlSetPointerInt(int(f.Fd()), unix.FS_IOC_SETFLAGS, 0)
	}},
	{"tcp", "connect", false, func(string) error { return dial("tcp", "192.0.2.1:443") }},
	{"tcp-loopback", "connect", false, func(string) error { return dial("tcp", "127.0.0.1:22") }},
	{"udp", "sendto", false, func(string) error {
		c, err := net.ListenPacket("udp", ":0")
		if err != nil {
			return err
		}
		defer c.Close()
		_, err = c.WriteTo([]byte("x"), &net.UDPAddr{IP: net.IPv4(192, 0, 2, 1), Port: 9})
		return err
	}},
	{"unix-datagram", "sendto", false, func(o string) error {
		fd, err := unix.Socket(unix.AF_UNIX, unix.SOCK_DGRAM, 0)
		if err != nil {
			return err
		}
		defer unix.Close(fd)
		return unix.Sendto(fd, []byte("x"), 0, &unix.SockaddrUnix{Name: "/dev/log"})
	}},
	{"netlink-address", "sendto", false, func(string) error {
		// ip addr add 127.0.0.77/8 dev lo, as iproute2 asks it.
		fd, err := unix.Socket(unix.AF_NETLINK, unix.SOCK_RAW|unix.SOCK_CLOEXEC, unix.NETLINK_ROUTE)
		if err != nil {
			return err
		}
		defer unix.Close(fd)
		msg := make([]byte, 16+8+8)
		binary.LittleEndian.PutUint32(msg[0:], uint32(len(msg)))
		binary.LittleEndian.PutUint16(msg[4:], unix.RTM_NEWADDR)
		binary.LittleEndian.PutUint16(msg[6:], unix.NLM_F_REQUEST|unix.NLM_F_CREATE|unix.NLM_F_EXCL|unix.NLM_F_ACK)
		msg[16], msg[17] = unix.AF_INET, 8                      // struct ifaddrmsg: family, prefix length
		binary.LittleEndian.PutUint32(msg[20:], 1)              // ifindex of lo
		binary.LittleEndian.PutUint16(msg[24:], 8)              // rtattr length
		binary.LittleEndian.PutUint16(msg[26:], unix.IFA_LOCAL) // rtattr type
		copy(msg[28:], []byte{127, 0, 0, 77})
		return unix.Sendto(fd, msg, 0, &unix.SockaddrNetlink{Family: unix.AF_NETLINK})
	}},
	{"packet", "sendto", false, func(string) error {
		fd, err := unix.Socket(unix.AF_PACKET, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
		if err != nil {
			return err
		}
		defer unix.Close(fd)
		return unix.Sendto(fd, []byte("x"), 0, &unix.SockaddrLinklayer{Protocol: 0x0008, Ifindex: 1, Halen: 6})
	}},
	{"io_uring", "io_uring_setup", false, func(string) error {
		var params [120]byte
		fd, _, errno := unix.Syscall(unix.SYS_IO_URING_SETUP, 4, uintptr(unsafe.Pointer(&params[0])), 0)
		if errno != 0 {
			return errno
		}
		unix.Close(int(fd))
		return nil
	}},
	{"mount", "mount", false, func(o string) error { return unix.Mount("tmpfs", filepath.Dir(o), "tmpfs", 0, "") }},
	{"unshare", "unshare", false, func(string) error { return unix.Unshare(unix.CLONE_NEWNS) }},
	{"seccomp", "seccomp", false, func(string) error {
		// A filter that allows everything: installing one at all is the
		// attempt (with SECCOMP_RET_USER_NOTIF it would hide every later
		// syscall from a tracer).
		prog := []unix.SockFilter{{Code: unix.BPF_RET | unix.BPF_K, K: unix.SECCOMP_RET_ALLOW}}
		fprog := unix.SockFprog{Len: 1, Filter: &prog[0]}
		_, _, errno := unix.Syscall(unix.SYS_SECCOMP, unix.SECCOMP_SET_MODE_FILTER, 0, uintptr(unsafe.Pointer(&fprog)))
		if errno != 0 {
			return errno
		}
		return nil
	}},
	{"process_vm_writev", "process_vm_writev", false, func(string) error {
		b := []byte{0}
		_, err := unix.ProcessVMWritev(os.Getppid(), []unix.Iovec{{Base: &b[0], Len: 1}}, []unix.RemoteIovec{{Base: 0x10000, Len: 1}}, 0)
		return err
	}},
	{"ptrace", "ptrace", false, func(string) error { return unix.PtraceAttach(os.Getppid()) }},
	{"pidfd_getfd", "pidfd_getfd", false, func(string) error {
		pidfd, err := unix.PidfdOpen(os.Getppid(), 0)
		if err != nil {
			// Its parent is not visible (its own PID namespace): try pid 1.
			if pidfd, err = unix.PidfdOpen(1, 0); err != nil {
				return err
			}
		}
		defer unix.Close(pidfd)
		fd, err := unix.PidfdGetfd(pidfd, 1, 0)
		if err == nil {
			unix.Close(fd)
		}
		return err
	}},
	{"kill", "kill", false, func(string) error { return unix.Kill(os.Getppid(), syscall.SIGCONT) }},
	{"kill-all", "kill", false, func(string) error { return unix.Kill(-1, syscall.SIGCONT) }},
	{"open_by_handle_at", "open_by_handle_at", false, func(string) error {
		h, _, err := unix.NameToHandleAt(unix.AT_FDCWD, "/etc/hostname", 0)
		if err != nil {
			return err
		}
		fd, err := unix.OpenByHandleAt(unix.AT_FDCWD, h, unix.O_RDONLY)
		if err == nil {
			unix.Close(fd)
		}
		return err
	}},
	{"shmget", "shmget", false, func(string) error {
		id, err := unix.SysvShmGet(unix.IPC_PRIVATE, 4096, unix.IPC_CREAT|0o600)
		if err == nil {
			_, _ = unix.SysvShmCtl(id, unix.IPC_RMID, nil)
		}
		return err
	}},
	{"keyctl", "add_key", false, func(string) error {
		_, err := unix.AddKey("user", "packer-plugin-dev", []byte("x"), unix.KEY_SPEC_PROCESS_KEYRING)
		return err
	}},
	{"daemon", "execve", true, func(o string) error {
		// A detached child in a new session, with no environment to be
		// found by: it would outlive the plugin and write later.
		cmd := exec.Command("/bin/sh", "-c", "sleep 30; echo late > "+o)
		cmd.Env = []string{}
		cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
		return cmd.Start()
	}},
	{"untraced-child", "clone", false, func(string) error {
		// A child the tracer is not told of, in a session of its own.
		pid, _, errno := syscall.RawSyscall(unix.SYS_CLONE, unix.CLONE_UNTRACED|uintptr(unix.SIGCHLD), 0, 0)
		if errno != 0 {
			return errno
		}
		if pid == 0 {
			syscall.RawSyscall(unix.SYS_SETSID, 0, 0, 0)
			syscall.RawSyscall(unix.SYS_EXIT_GROUP, 0, 0, 0)
		}
		var ws syscall.WaitStatus
		_, err := syscall.Wait4(int(pid), &ws, 0, nil)
		return err
	}},
	{"proc-fd-write", "openat", false, func(o string) error {
		d, err := os.Open(filepath.Dir(o))
		if err != nil {
			return err
		}
		defer d.Close()
		return os.WriteFile(fmt.Sprintf("/proc/self/fd/%d/%s", d.Fd(), filepath.Base(o)), []byte("x"), 0o644)
	}},
}

func dial(network, addr string) error {
	c, err := net.Dial(network, addr)
	if err == nil {
		c.Close()
	}
	return err
}
