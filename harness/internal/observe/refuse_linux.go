//go:build linux && (amd64 || arm64)

package observe

import (
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// refusal is a syscall a confined process is refused, and what it is an
// attempt at (the System event's Op).
type refusal struct {
	nr   uint64
	name string
	what string
}

// refusals are what Options.Confine refuses outright: each changes the
// machine (or another process) whatever its arguments. Docker's default
// seccomp profile refuses the same families.
var refusals = append([]refusal{
	{unix.SYS_MOUNT, "mount", "mount"},
	{unix.SYS_UMOUNT2, "umount2", "mount"},
	{unix.SYS_PIVOT_ROOT, "pivot_root", "mount"},
	{unix.SYS_OPEN_TREE, "open_tree", "mount"},
	{unix.SYS_MOVE_MOUNT, "move_mount", "mount"},
	{unix.SYS_FSOPEN, "fsopen", "mount"},
	{unix.SYS_FSMOUNT, "fsmount", "mount"},
	{unix.SYS_FSPICK, "fspick", "mount"},
	{unix.SYS_FSCONFIG, "fsconfig", "mount"},
	{unix.SYS_MOUNT_SETATTR, "mount_setattr", "mount"},
	{unix.SYS_UNSHARE, "unshare", "namespace"},
	{unix.SYS_SETNS, "setns", "namespace"},
	{unix.SYS_SECCOMP, "seccomp", "seccomp filter"},
	{unix.SYS_IO_URING_SETUP, "io_uring_setup", "io_uring"},
	{unix.SYS_IO_URING_ENTER, "io_uring_enter", "io_uring"},
	{unix.SYS_IO_URING_REGISTER, "io_uring_register", "io_uring"},
	{unix.SYS_PTRACE, "ptrace", "another process"},
	{unix.SYS_PROCESS_VM_WRITEV, "process_vm_writev", "another process"},
	{unix.SYS_PROCESS_VM_READV, "process_vm_readv", "another process"},
	{unix.SYS_PIDFD_GETFD, "pidfd_getfd", "descriptor theft"},
	{unix.SYS_OPEN_BY_HANDLE_AT, "open_by_handle_at", "file handle"},
	{unix.SYS_BPF, "bpf", "bpf"},
	{unix.SYS_PERF_EVENT_OPEN, "perf_event_open", "perf"},
	{unix.SYS_USERFAULTFD, "userfaultfd", "userfaultfd"},
	{unix.SYS_KEYCTL, "keyctl", "keyring"},
	{unix.SYS_ADD_KEY, "add_key", "keyring"},
	{unix.SYS_REQUEST_KEY, "request_key", "keyring"},
	{unix.SYS_SHMGET, "shmget", "SysV IPC"},
	{unix.SYS_MSGGET, "msgget", "SysV IPC"},
	{unix.SYS_SEMGET, "semget", "SysV IPC"},
	{unix.SYS_KEXEC_LOAD, "kexec_load", "kernel"},
	{unix.SYS_KEXEC_FILE_LOAD, "kexec_file_load", "kernel"},
	{unix.SYS_INIT_MODULE, "init_module", "kernel"},
	{unix.SYS_FINIT_MODULE, "finit_module", "kernel"},
	{unix.SYS_DELETE_MODULE, "delete_module", "kernel"},
	{unix.SYS_REBOOT, "reboot", "kernel"},
	{unix.SYS_SWAPON, "swapon", "kernel"},
	{unix.SYS_SWAPOFF, "swapoff", "kernel"},
	{unix.SYS_ACCT, "acct", "kernel"},
	{unix.SYS_SETTIMEOFDAY, "settimeofday", "clock"},
	{unix.SYS_CLOCK_SETTIME, "clock_settime", "clock"},
	{unix.SYS_CLOCK_ADJTIME, "clock_adjtime", "clock"},
	{unix.SYS_SETHOSTNAME, "sethostname", "hostname"},
	{unix.SYS_SETDOMAINNAME, "setdomainname", "hostname"},
	{unix.SYS_QUOTACTL, "quotactl", "kernel"},
}, legacyRefusals...)

// Refused only with some arguments (the filter checks them; refuseArgs
// says which): clone with a namespace flag, prctl(PR_SET_SECCOMP), the
// ioctls that change a file's attributes.
var argRefusals = []refusal{
	{unix.SYS_CLONE, "clone", "namespace or untraced process"},
	{unix.SYS_PRCTL, "prctl", "seccomp filter"},
	{unix.SYS_IOCTL, "ioctl", "file attributes"},
}

// Signals to other processes: refused, and reported. A thread of the
// process's own group signalling it (the Go runtime preempting its
// goroutines with tgkill) is let through by the filter.
var signalRefusals = []refusal{
	{unix.SYS_KILL, "kill", "signal"},
	{unix.SYS_TKILL, "tkill", "signal"},
	{unix.SYS_TGKILL, "tgkill", "signal"},
	{unix.SYS_PIDFD_SEND_SIGNAL, "pidfd_send_signal", "signal"},
	{unix.SYS_RT_SIGQUEUEINFO, "rt_sigqueueinfo", "signal"},
	{unix.SYS_RT_TGSIGQUEUEINFO, "rt_tgsigqueueinfo", "signal"},
}

// cloneRefused are the clone flags a confined process is refused: those
// that make a namespace, and CLONE_UNTRACED, a child the tracer would not
// follow (its watched syscalls would fail with ENOSYS, unreported).
const cloneRefused = unix.CLONE_NEWNS | unix.CLONE_NEWUTS | unix.CLONE_NEWIPC | unix.CLONE_NEWUSER |
	unix.CLONE_NEWPID | unix.CLONE_NEWNET | unix.CLONE_NEWCGROUP | unix.CLONE_UNTRACED

// attrIoctls change a file's flags (immutable, append-only...) or
// extended attributes, which Landlock does not cover.
var attrIoctls = []uint32{unix.FS_IOC_SETFLAGS, fsIocFssetxattr}

// fsIocFssetxattr is FS_IOC_FSSETXATTR, _IOW('X', 32, struct fsxattr),
// which x/sys does not name.
const fsIocFssetxattr = 0x401c5820

var refusalByNr = func() map[uint64]refusal {
	m := map[uint64]refusal{}
	for _, list := range [][]refusal{refusals, argRefusals, signalRefusals} {
		for _, r := range list {
			m[r.nr] = r
		}
	}
	return m
}()

// refuse records a refused syscall as a System (or, for signals,
// Process) event and makes the kernel skip it with EPERM. It reports
// false for a call the confinement lets run after all (a signal the
// process sends itself, a clone without namespace flags, which only the
// tracer without seccomp sees).
func (t *tracer) refuse(tid int, st *task, nr uint64, args [6]uint64) bool {
	r, ok := refusalByNr[nr]
	if !ok || !t.refused(tid, r, args) {
		return false
	}
	e := Event{Kind: System, Op: r.what, Syscall: r.name}
	d := decoder{tid: tid, tgid: func() int { return t.tgid(tid) }}
	switch r.what {
	case "signal":
		e.Kind, e.Op = Process, "signal"
		e.Path = "pid " + strconv.FormatInt(int64(int32(args[0])), 10)
		if nr == unix.SYS_PIDFD_SEND_SIGNAL {
			e.Path = d.fdPath(int(int32(args[0])))
		}
		e.Argv = []string{unix.SignalName(unix.Signal(signalArg(nr, args)))}
	case "mount":
		if nr == unix.SYS_MOUNT {
			e.Path = d.str(args[1])
		}
	case "file attributes":
		e.Kind, e.Op, e.Path = File, "chattr", d.fdPath(int(int32(args[0])))
	}
	e.stamp(t.s.phase(), t.tgid(tid), time.Now())
	t.deny(tid, st, e)
	return true
}

// deny records e as refused by the seccomp deny list and makes the
// kernel skip the syscall the task is stopped at, which returns EPERM.
func (t *tracer) deny(tid int, st *task, e Event) {
	e.Refused, e.Result = "seccomp", -int64(unix.EPERM)
	t.s.record(e)
	if err := skipSyscall(tid, unix.EPERM); err != nil {
		// The syscall could not be skipped: kill the process rather than
		// let it run (the confinement's promise is refusal).
		_ = unix.Kill(tid, unix.SIGKILL)
	}
	// Without seccomp the exit stop comes too: the result is set again
	// there, where every kernel takes it.
	st.pending, st.forceResult, st.wantExit = -1, -int64(unix.EPERM), !t.seccomp
}

// refused decides the argument-dependent refusals.
func (t *tracer) refused(tid int, r refusal, args [6]uint64) bool {
	switch r.nr {
	case unix.SYS_CLONE:
		return args[0]&cloneRefused != 0
	case unix.SYS_PRCTL:
		return uint32(args[0]) == unix.PR_SET_SECCOMP
	case unix.SYS_IOCTL:
		for _, req := range attrIoctls {
			if uint32(args[1]) == req {
				return true
			}
		}
		return false
	}
	if r.what == "signal" {
		// Signal 0 only asks whether a process exists (Go's runtime asks
		// so of its own pidfd).
		return signalArg(r.nr, args) != 0 && !t.ownSignal(tid, r.nr, args)
	}
	return true
}

// ownSignal reports a signal a process sends to itself or one of its own
// threads. Pids are as the process sees them (its PID namespace).
func (t *tracer) ownSignal(tid int, nr uint64, args [6]uint64) bool {
	self := nsPid(t.tgid(tid))
	target := int(int32(args[0]))
	switch nr {
	case unix.SYS_TGKILL, unix.SYS_RT_TGSIGQUEUEINFO, unix.SYS_RT_SIGQUEUEINFO:
		return target == self
	case unix.SYS_KILL:
		return target == self
	case unix.SYS_TKILL:
		return slices.Contains(nsThreads(t.tgid(tid)), target)
	}
	return false // pidfd_send_signal: a pidfd of another process
}

func signalArg(nr uint64, args [6]uint64) uint64 {
	switch nr {
	case unix.SYS_TGKILL, unix.SYS_RT_TGSIGQUEUEINFO:
		return args[2]
	}
	return args[1]
}

// nsPid is a process's pid as it sees itself: the last NSpid of its
// status.
func nsPid(pid int) int {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return pid
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "NSpid:"); ok {
			f := strings.Fields(v)
			if n, err := strconv.Atoi(f[len(f)-1]); err == nil {
				return n
			}
		}
	}
	return pid
}

// nsThreads are a process's thread ids as it sees them.
func nsThreads(pid int) []int {
	entries, _ := os.ReadDir("/proc/" + strconv.Itoa(pid) + "/task")
	var out []int
	for _, e := range entries {
		if n, err := strconv.Atoi(e.Name()); err == nil {
			out = append(out, nsPid(n))
		}
	}
	return out
}
