package observe

// Confinement makes the kernel refuse what a process must not do at all,
// rather than only reporting it afterwards (Options.Confine). On Linux
// (contain_linux.go) the process gets:
//   - namespaces: its own user, PID, network and IPC namespaces, so it
//     can reach no network, name (signal, ptrace, take descriptors from)
//     no process outside its tree, leave no shared-memory segment, and
//     Kill ends all of its processes in one step;
//   - Landlock: writes (every route, io_uring's included) only under
//     Writable, no TCP, and signals and abstract unix sockets scoped to
//     its own domain;
//   - a seccomp deny list beside the tracing filter: mounts, namespaces,
//     new seccomp filters, io_uring, ptrace and process_vm_*, descriptor
//     theft, file handles, keyrings, bpf and SysV IPC are refused with
//     EPERM and recorded as System events;
//   - only stdin, stdout and stderr: descriptors it inherited beyond them
//     are closed before its first instruction.
//
// Each that this machine lacks is reported off by Session.Protections,
// with why; none is silently left out.
type Confinement struct {
	// Writable are the folders the process may change (its sandbox); the
	// null-like devices are always writable.
	Writable []string
}

// Protection is one mechanism of a confinement and whether it holds.
type Protection struct {
	Name string // "namespaces", "landlock", "seccomp", "descriptors"
	On   bool
	// Detail says what it covers when on, and why not when off.
	Detail string
}

// Protections lists the mechanisms Options.Confine asked for and whether
// each holds for this process; nil when nothing was confined.
func (s *Session) Protections() []Protection { return append([]Protection(nil), s.protections...) }
