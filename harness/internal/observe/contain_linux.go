//go:build linux && (amd64 || arm64)

package observe

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"syscall"

	"golang.org/x/sys/unix"
)

// namespaceFlags are the namespaces a confined process starts in: user
// (so that no privilege is needed), PID (it cannot name a process outside
// its tree, and killing its first process ends them all at once),
// network (nothing to reach but its own down loopback) and IPC (no SysV
// segment outlives it).
const namespaceFlags = unix.CLONE_NEWUSER | unix.CLONE_NEWPID | unix.CLONE_NEWNET | unix.CLONE_NEWIPC

// useNamespaces makes cmd start in the namespaces of flags, as the same
// uid and gid it would have had (mapped to themselves).
func useNamespaces(attr *syscall.SysProcAttr, flags uintptr) {
	attr.Cloneflags |= flags
	attr.UidMappings = []syscall.SysProcIDMap{{ContainerID: os.Getuid(), HostID: os.Getuid(), Size: 1}}
	attr.GidMappings = []syscall.SysProcIDMap{{ContainerID: os.Getgid(), HostID: os.Getgid(), Size: 1}}
	attr.GidMappingsEnableSetgroups = false
}

// namespacesErr says, once per process, why namespaces cannot be used
// here (nil when they can): this binary is started in them and exits in
// init (probe_linux.go). Kernels built without them, or that forbid them
// to unprivileged users (a sysctl, or an LSM such as Ubuntu's AppArmor
// rule), refuse the clone.
var namespacesErr = sync.OnceValue(func() error {
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("find this executable to probe with: %v", err)
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), probeEnv+"=namespaces")
	cmd.SysProcAttr = &syscall.SysProcAttr{}
	useNamespaces(cmd.SysProcAttr, namespaceFlags)
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("user, PID, network and IPC namespaces: %v%s", err, namespacesHint(err))
	}
	return nil
})

// namespacesHint says what on this machine refuses unprivileged user
// namespaces, by the clone's errno.
func namespacesHint(err error) string {
	switch {
	case errors.Is(err, unix.ENOSPC), errors.Is(err, unix.EUSERS):
		return " (the user namespace limit is reached or 0: sysctl user.max_user_namespaces)"
	case errors.Is(err, unix.EPERM), errors.Is(err, unix.EACCES):
		return " (unprivileged user namespaces are forbidden here: sysctl kernel.unprivileged_userns_clone, or an LSM rule such as AppArmor's kernel.apparmor_restrict_unprivileged_userns)"
	case errors.Is(err, unix.EINVAL):
		return " (this kernel lacks one of them: CONFIG_USER_NS, CONFIG_PID_NS, CONFIG_NET_NS, CONFIG_IPC_NS)"
	}
	return ""
}

// landlockABI is the Landlock ABI version this kernel offers, 0 for none.
var landlockABI = sync.OnceValue(func() int {
	v, _, errno := unix.Syscall(unix.SYS_LANDLOCK_CREATE_RULESET, 0, 0, unix.LANDLOCK_CREATE_RULESET_VERSION)
	if errno != 0 {
		return 0
	}
	return int(v)
})

// landlockRights are the rights a ruleset of ABI abi handles: every
// change to the filesystem (reads and execution stay free), TCP, and
// signals and abstract unix sockets outside the domain.
func landlockRights(abi int) (fs, dev, net, scoped uint64) {
	fs = unix.LANDLOCK_ACCESS_FS_WRITE_FILE | unix.LANDLOCK_ACCESS_FS_REMOVE_DIR |
		unix.LANDLOCK_ACCESS_FS_REMOVE_FILE | unix.LANDLOCK_ACCESS_FS_MAKE_CHAR |
		unix.LANDLOCK_ACCESS_FS_MAKE_DIR | unix.LANDLOCK_ACCESS_FS_MAKE_REG |
		unix.LANDLOCK_ACCESS_FS_MAKE_SOCK | unix.LANDLOCK_ACCESS_FS_MAKE_FIFO |
		unix.LANDLOCK_ACCESS_FS_MAKE_BLOCK | unix.LANDLOCK_ACCESS_FS_MAKE_SYM
	dev = unix.LANDLOCK_ACCESS_FS_WRITE_FILE
	if abi >= 2 {
		fs |= unix.LANDLOCK_ACCESS_FS_REFER
	}
	if abi >= 3 {
		fs |= unix.LANDLOCK_ACCESS_FS_TRUNCATE
		dev |= unix.LANDLOCK_ACCESS_FS_TRUNCATE
	}
	if abi >= 4 {
		net = unix.LANDLOCK_ACCESS_NET_BIND_TCP | unix.LANDLOCK_ACCESS_NET_CONNECT_TCP
	}
	if abi >= 5 {
		// ioctl on devices: a terminal's TIOCSTI types into the author's shell.
		fs |= unix.LANDLOCK_ACCESS_FS_IOCTL_DEV
		dev |= unix.LANDLOCK_ACCESS_FS_IOCTL_DEV
	}
	if abi >= 6 {
		scoped = unix.LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET | unix.LANDLOCK_SCOPE_SIGNAL
	}
	return fs, dev, net, scoped
}

// atFdcwd is AT_FDCWD as a syscall argument register holds it.
var atFdcwd = func() uint64 { v := int64(unix.AT_FDCWD); return uint64(v) }()

// writableDevices change nothing when written.
var writableDevices = []string{"/dev/null", "/dev/zero", "/dev/full"}

// installLandlock makes the tracee restrict itself to c's rules.
func installLandlock(in *injector, c *Confinement, abi int) error {
	fs, dev, net, scoped := landlockRights(abi)
	attr := make([]byte, 24)
	binary.LittleEndian.PutUint64(attr, fs)
	binary.LittleEndian.PutUint64(attr[8:], net)
	binary.LittleEndian.PutUint64(attr[16:], scoped)
	size := 8 // the struct grew with the ABI: access_fs, access_net (4), scoped (6)
	switch {
	case abi >= 6:
		size = 24
	case abi >= 4:
		size = 16
	}
	attrAt, err := in.put(attr[:size])
	if err != nil {
		return err
	}
	rs, err := in.call(unix.SYS_LANDLOCK_CREATE_RULESET, attrAt, uint64(size), 0)
	if err != nil {
		return fmt.Errorf("landlock_create_ruleset: %w", err)
	}
	defer in.call(unix.SYS_CLOSE, uint64(rs))
	allow := func(path string, rights uint64) error {
		pathAt, err := in.putString(path)
		if err != nil {
			return err
		}
		fd, err := in.call(unix.SYS_OPENAT, atFdcwd, pathAt, unix.O_PATH|unix.O_CLOEXEC)
		if errors.Is(err, unix.ENOENT) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("open %s: %w", path, err)
		}
		defer in.call(unix.SYS_CLOSE, uint64(fd))
		rule := make([]byte, 12) // struct landlock_path_beneath_attr is packed
		binary.LittleEndian.PutUint64(rule, rights)
		binary.LittleEndian.PutUint32(rule[8:], uint32(fd))
		ruleAt, err := in.put(rule)
		if err != nil {
			return err
		}
		if _, err := in.call(unix.SYS_LANDLOCK_ADD_RULE, uint64(rs), unix.LANDLOCK_RULE_PATH_BENEATH, ruleAt, 0); err != nil {
			return fmt.Errorf("landlock_add_rule %s: %w", path, err)
		}
		return nil
	}
	for _, w := range c.Writable {
		if err := allow(w, fs); err != nil {
			return err
		}
	}
	for _, d := range writableDevices {
		if err := allow(d, dev); err != nil {
			return err
		}
	}
	if _, err := in.call(unix.SYS_PRCTL, unix.PR_SET_NO_NEW_PRIVS, 1); err != nil {
		return fmt.Errorf("prctl(PR_SET_NO_NEW_PRIVS): %w", err)
	}
	if _, err := in.call(unix.SYS_LANDLOCK_RESTRICT_SELF, uint64(rs), 0); err != nil {
		return fmt.Errorf("landlock_restrict_self: %w", err)
	}
	return nil
}

// closeInherited closes every descriptor above stderr in the tracee, as
// core passes a plugin none: whatever the caller's own parent leaked to
// it (a CI runner's descriptors) is not the plugin's to use. Every traced
// process gets this, contained or not.
func closeInherited(in *injector) error {
	if _, err := in.call(unix.SYS_CLOSE_RANGE, 3, uint64(^uint32(0)), 0); err != nil {
		return fmt.Errorf("close_range: %w", err)
	}
	return nil
}

// startConfined prepares cmd for Options.Confine or OwnPIDs before it
// starts: the namespaces, when this machine has them.
func (s *Session) startConfined() {
	flags := uintptr(0)
	detail := ""
	switch {
	case s.opts.Confine != nil:
		flags, detail = namespaceFlags, "own user, PID, network and IPC namespaces: no network, no process outside its tree, all killed at once"
	case s.opts.OwnPIDs:
		flags, detail = unix.CLONE_NEWUSER|unix.CLONE_NEWPID, "own user and PID namespaces: all its processes killed at once"
	default:
		return
	}
	if err := namespacesErr(); err != nil {
		s.protections = append(s.protections, Protection{Name: "namespaces", Detail: err.Error()})
		return
	}
	useNamespaces(s.cmd.SysProcAttr, flags)
	s.namespaces = true
	s.protections = append(s.protections, Protection{Name: "namespaces", On: true, Detail: detail})
}

// confine applies the rest of Options.Confine in the tracee stopped after
// its execve; what fails is reported off.
func (t *tracer) confine(in *injector, inherited error) {
	c := t.s.opts.Confine
	if c == nil {
		return
	}
	add := func(name string, err error, on string) {
		p := Protection{Name: name, On: err == nil, Detail: on}
		if err != nil {
			p.Detail = err.Error()
		}
		t.s.protections = append(t.s.protections, p)
	}
	add("descriptors", inherited, "only stdin, stdout and stderr: inherited descriptors closed")
	if abi := landlockABI(); abi == 0 {
		add("landlock", errors.New("this kernel has no Landlock (Linux 5.13 or later, with landlock among its LSMs)"), "")
	} else {
		add("landlock", installLandlock(in, c, abi), landlockDetail(abi))
	}
	if t.seccomp {
		add("seccomp", nil, "deny list in the seccomp filter: mounts, namespaces, seccomp, io_uring, ptrace, process_vm_*, pidfd_getfd, file handles, keyrings, bpf, SysV IPC, signals to other processes")
	} else {
		add("seccomp", nil, "deny list enforced by the tracer at every syscall stop (no seccomp filter here)")
	}
}

func landlockDetail(abi int) string {
	d := fmt.Sprintf("ABI %d: writes only in the sandbox", abi)
	if abi >= 4 {
		d += ", no TCP"
	}
	if abi >= 6 {
		d += ", signals and abstract unix sockets scoped to the plugin"
	} else {
		d += " (signal and abstract-socket scoping needs ABI 6, Linux 6.12)"
	}
	return d
}

// markRefused names the protection that refused a watched syscall of a
// confined process, when its errno is that protection's answer: Landlock
// refuses with EACCES what lies outside Writable, and in its own network
// namespace a process meets an unreachable network.
func (s *Session) markRefused(i int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := &s.events[i]
	switch {
	case e.Kind == File && e.Result == -int64(unix.EACCES) && !s.opts.Confine.allows(e.Path):
		e.Refused = "landlock"
	case e.Kind == Network && e.Proto != "unix" && e.Result == -int64(unix.EACCES):
		e.Refused = "landlock"
	case e.Kind == Network && s.namespaces && (e.Result == -int64(unix.ENETUNREACH) || e.Result == -int64(unix.EHOSTUNREACH)):
		e.Refused = "network namespace"
	}
}
