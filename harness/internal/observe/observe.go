// Package observe starts a plugin process under observation and reports the
// side effects it has: files it changes, network peers it reaches and
// processes it starts, each stamped with the phase (RPC call) in flight.
//
// Modes, best first:
//   - ModeSeccomp (linux/amd64, linux/arm64): ptrace, with a seccomp filter
//     that stops the tracee only at the watched syscalls. The filter is
//     installed by making the tracee itself call prctl+seccomp, injected at
//     its post-exec stop, so no re-exec shim is needed. (The arm64
//     injection has not run on arm64 hardware; if it fails, the one-time
//     probe behind Available drops the mode and ptrace is used.)
//   - ModePtrace (linux/amd64, linux/arm64): ptrace stopping at every
//     syscall; slower, no seccomp needed.
//   - ModeSnapshot (everywhere): no tracing; Checkpoint diffs the files
//     under Options.SnapshotRoots. It cannot see files written and removed
//     between two checkpoints, writes outside the roots, the network or
//     child processes.
//
// Tracing follows every thread and child process. Each watched syscall is
// decoded at its entry (paths made absolute against the tracee's cwd or
// dirfd) and gets its result at its exit, so failed attempts show with
// their errno. Not watched: writes through descriptors opened before the
// process started or received over a socket, io_uring, the x32 and i386
// syscall ABIs, chown, utimes and xattrs; a confined process
// (Options.Confine, contain.go) is refused all of these instead, and each
// attempt is reported.
package observe

import (
	"errors"
	"fmt"
	"net/netip"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Mode says how a Session observes its process.
type Mode string

const (
	ModeSeccomp  Mode = "ptrace+seccomp" // ptrace, stops only on syscalls a seccomp filter marks
	ModePtrace   Mode = "ptrace"         // ptrace stopping at every syscall
	ModeSnapshot Mode = "snapshot"       // no tracing: filesystem snapshot diff of the roots
)

// EventKind groups events by what they touch.
type EventKind string

const (
	File    EventKind = "file"
	Network EventKind = "network"
	Process EventKind = "process"
	// System is an attempt on the machine itself (a mount, a namespace, a
	// seccomp filter, io_uring, another process's memory...), refused
	// under Options.Confine.
	System EventKind = "system"
)

// Event is one side effect, or one attempt at one.
type Event struct {
	Kind EventKind
	// Op is, for files: create|write|truncate|rename|remove|mkdir|rmdir|link|symlink|chmod;
	// for the network: connect|send|dns; for processes: exec|fork.
	Op      string
	Syscall string   // "openat", "connect", ... ("" in snapshot mode)
	Path    string   // absolute path (resolved against the tracee's cwd / dirfd), or exec'd program
	NewPath string   // rename/link target
	Addr    string   // network: "127.0.0.1:1" / "[::1]:53" / unix socket path
	Proto   string   // "tcp" | "udp" | "unix"
	Argv    []string // exec
	// RedirectedTo is where Options.Redirect sent a connect or send whose
	// destination was Addr ("" when it went where the process asked).
	RedirectedTo string
	// Refused names the protection of Options.Confine that refused the
	// attempt ("seccomp", "landlock", "network namespace"); "" when the
	// kernel let it run or refused it for its own reasons.
	Refused string
	PID     int
	// Result is the syscall's return value when known (negative errno on
	// failure; the child's pid for fork). Attempts count even when they fail.
	// It stays 0 when the process died inside the syscall.
	Result int64
	Time   time.Time
	// Call and CallIndex are the Phase in flight when the syscall was
	// stopped (Options.Phase): the RPC call and its index, or a named
	// phase ("start", "idle", "describe") with index -1.
	Call      string
	CallIndex int
}

// Phase is what the observed program is doing, as the caller names it.
type Phase struct {
	Call  string
	Index int // -1 for a phase that is not a call
}

// String renders one line: `create (openat) /tmp/x during Configure`,
// `connect (connect) tcp 127.0.0.1:1 failed: ECONNREFUSED (connection refused) during Configure`.
func (e Event) String() string {
	var b strings.Builder
	b.WriteString(e.Op)
	if e.Syscall != "" {
		b.WriteString(" (" + e.Syscall + ")")
	}
	switch e.Kind {
	case Network:
		fmt.Fprintf(&b, " %s %s", e.Proto, e.Addr)
		if e.Path != "" {
			b.WriteString(" " + e.Path)
		}
	case Process:
		switch {
		case e.Op != "exec":
			fmt.Fprintf(&b, " pid %d -> %d", e.PID, e.Result)
		case len(e.Argv) > 0:
			fmt.Fprintf(&b, " %s %q", e.Path, e.Argv)
		default:
			b.WriteString(" " + e.Path)
		}
	default:
		b.WriteString(" " + e.Path)
		if e.NewPath != "" {
			b.WriteString(" -> " + e.NewPath)
		}
	}
	if e.RedirectedTo != "" {
		b.WriteString(" (redirected to " + e.RedirectedTo + ")")
	}
	switch {
	case e.Refused != "":
		b.WriteString(" refused by " + e.Refused + ": " + ErrnoText(e.Result))
	case e.Result < 0:
		b.WriteString(" failed: " + ErrnoText(e.Result))
	}
	if e.Call != "" {
		fmt.Fprintf(&b, " during %s", e.Call)
	}
	return b.String()
}

// Options configure a Session.
//
// When tracing, Phase and Ignore run on the tracer's thread while the
// traced thread is stopped in its syscall: they must be quick and must not
// wait for the plugin. Ignore sees the event before its syscall ran
// (Result is still 0).
type Options struct {
	Mode          Mode             // "" = best available: seccomp, then ptrace, then snapshot
	Phase         func() Phase     // called for each event; nil = no phase
	Ignore        func(Event) bool // drop events (the harness ignores its own RPC socket)
	SnapshotRoots []string         // directories diffed in snapshot mode (the sandbox)
	// Redirect, when set, is asked at the entry of every connect, and of
	// every send that names its destination, to an IPv4 or IPv6 peer; a
	// target it returns is written over the process's sockaddr before the
	// kernel reads it, so the process reaches the target instead. Only the
	// tracing modes can redirect; it runs on the tracer's thread like
	// Phase.
	Redirect func(Event) (netip.AddrPort, bool)
	// OwnPIDs starts the process in its own user and PID namespaces, as
	// the same uid and gid, so that Kill ends it and every process it
	// started, in any session or group, at once: the kernel kills a PID
	// namespace whole when its first process dies. Confine implies it.
	// Where namespaces are unavailable, Kill falls back to finding the
	// processes (Protections says so).
	OwnPIDs bool
	// Confine, when set, has the kernel refuse what the process must not
	// do (see Confinement); only the tracing modes confine.
	Confine *Confinement
	// Marker is a string the process's environment carries and no other
	// process's does (the harness uses its sandbox path). On Linux, Kill
	// also kills the processes that carry it: descendants that
	// double-forked or called setsid, which no process tree leads to.
	Marker string

	skipProbe bool // set by the availability probe itself
}

// ErrUnavailable is returned (wrapped) by Start when an explicitly requested
// tracing mode cannot run here; leave Options.Mode empty to fall back.
var ErrUnavailable = errors.New("observe: tracing mode unavailable")

// ExitError reports a main process that exited unsuccessfully; its message
// matches the one os/exec gives ("exit status 2", "signal: killed").
type ExitError struct {
	Code   int    // exit code, -1 when killed by a signal
	Signal string // signal name ("killed"), "" when it exited
}

func (e *ExitError) Error() string {
	if e.Signal != "" {
		return "signal: " + e.Signal
	}
	return fmt.Sprintf("exit status %d", e.Code)
}

// Session is one observed process.
type Session struct {
	mode Mode
	cmd  *exec.Cmd
	opts Options

	mu     sync.Mutex
	events []Event
	snapMu sync.Mutex // serialises snapshot diffs
	snap   snapshot   // last snapshot of the roots (snapshot mode)

	done     chan struct{} // closed when the main process has exited
	status   syscall.WaitStatus
	waitErr  error // error from waiting, if the wait itself failed
	waitOnce sync.Once
	waitRes  error

	tracer *tracer // nil in snapshot mode

	protections []Protection // what Options.Confine got here
	namespaces  bool         // the process runs in its own namespaces
}

// Start starts cmd (configured but not started) under observation and owns
// waiting for it: callers use Session.Wait, never cmd.Wait. cmd.Stdout /
// cmd.Stderr pipes work as usual. The process gets its own process group.
func Start(cmd *exec.Cmd, opts Options) (*Session, error) {
	if cmd.Process != nil {
		return nil, fmt.Errorf("observe: %s was already started; pass an exec.Cmd that has not been started", cmd.Path)
	}
	mode := opts.Mode
	switch mode {
	case "":
		mode = available()[0]
	case ModeSnapshot:
	case ModeSeccomp, ModePtrace:
		if !opts.skipProbe {
			if err := modeAvailable(mode); err != nil {
				return nil, err
			}
		}
	default:
		return nil, fmt.Errorf("observe: unknown mode %q; use %q, %q, %q or \"\" for the best available", opts.Mode, ModeSeccomp, ModePtrace, ModeSnapshot)
	}
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	setpgid(cmd.SysProcAttr)
	s := &Session{cmd: cmd, opts: opts, mode: mode, done: make(chan struct{})}
	start := startTraced
	if mode == ModeSnapshot {
		start = startSnapshot
		if opts.Confine != nil {
			s.protections = []Protection{{Name: "confinement", Detail: "no tracing here (" + string(ModeSnapshot) + " mode): nothing is refused, only files in the sandbox are diffed"}}
		}
	} else {
		s.startConfined()
	}
	if err := start(s); err != nil {
		return nil, err
	}
	return s, nil
}

// Available lists the modes that work on this machine, best first; the last
// is always ModeSnapshot.
func Available() []Mode { return append([]Mode(nil), available()...) }

func (s *Session) Mode() Mode { return s.mode }
func (s *Session) Pid() int   { return s.cmd.Process.Pid }

// Events returns a copy of all events so far, in the order they happened.
func (s *Session) Events() []Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Event, len(s.events))
	copy(out, s.events)
	for i := range out {
		out[i].Argv = append([]string(nil), out[i].Argv...)
	}
	return out
}

// Checkpoint is called after each RPC call returns. In snapshot mode it
// diffs the roots now and records the file events with that phase; when
// tracing it does nothing (events already carry their phase).
func (s *Session) Checkpoint(phase Phase) {
	if s.mode != ModeSnapshot {
		return
	}
	s.diffSnapshot(phase)
}

// Done is closed when the main process has exited.
func (s *Session) Done() <-chan struct{} { return s.done }

// Wait waits until the main process exits. It returns nil on success, an
// *ExitError when the process failed, or the error that prevented waiting.
// Like cmd.Wait it also waits for the copying of cmd's stdio, which lasts
// while a descendant holds the pipes: Kill first, or set cmd.WaitDelay.
func (s *Session) Wait() error {
	<-s.done
	s.waitOnce.Do(func() {
		if s.tracer != nil {
			// The tracer reaped the process; cmd.Wait still has to run so that
			// the stdio copying goroutines finish and pipes are closed. Its own
			// error is about the already-reaped pid and is meaningless here.
			_ = s.cmd.Wait()
		}
		switch {
		case s.waitErr != nil:
			s.waitRes = s.waitErr
		case s.status.Exited() && s.status.ExitStatus() == 0:
			s.waitRes = nil
		case s.status.Signaled():
			s.waitRes = &ExitError{Code: -1, Signal: s.status.Signal().String()}
		default:
			s.waitRes = &ExitError{Code: s.status.ExitStatus()}
		}
	})
	return s.waitRes
}

// ExitState reports how the main process ended; exited is false while it runs.
func (s *Session) ExitState() (code int, signal string, exited bool) {
	select {
	case <-s.done:
	default:
		return 0, "", false
	}
	if s.waitErr != nil {
		return -1, "", true
	}
	if s.status.Signaled() {
		return -1, s.status.Signal().String(), true
	}
	return s.status.ExitStatus(), "", true
}

// Kill sends SIGKILL to the process, its process group, every descendant
// (traced, found in /proc, or carrying Options.Marker) and returns once
// they have ended, or after 5 s. It is safe to call twice and after the
// process exited: a daemon it left behind is killed then too.
func (s *Session) Kill() {
	if s.tracer != nil {
		s.tracer.killAll()
		return
	}
	killTree(s.cmd.Process.Pid, s.done, s.opts.Marker)
}

// record adds e unless the caller's Ignore drops it; it returns e's index or -1.
func (s *Session) record(e Event) int {
	if s.opts.Ignore != nil && s.opts.Ignore(e) {
		return -1
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.events = append(s.events, e)
	return len(s.events) - 1
}

func (s *Session) setResult(i int, r int64) {
	if i < 0 {
		return
	}
	s.mu.Lock()
	s.events[i].Result = r
	s.mu.Unlock()
}

func (s *Session) phase() Phase {
	if s.opts.Phase == nil {
		return Phase{Index: -1}
	}
	return s.opts.Phase()
}

// stamp sets the event's phase, process and time.
func (e *Event) stamp(ph Phase, pid int, t time.Time) {
	e.Call, e.CallIndex, e.PID, e.Time = ph.Call, ph.Index, pid, t
}

// ErrnoText renders a negative syscall result as its errno name and
// meaning: "ECONNREFUSED (connection refused)".
func ErrnoText(result int64) string {
	e := syscall.Errno(-result)
	return errnoName(e) + " (" + e.Error() + ")"
}

func errnoName(e syscall.Errno) string {
	if n, ok := errnoNames[e]; ok {
		return n
	}
	return fmt.Sprintf("errno %d", int(e))
}

var errnoNames = map[syscall.Errno]string{
	syscall.EPERM: "EPERM", syscall.ENOENT: "ENOENT", syscall.EACCES: "EACCES",
	syscall.EEXIST: "EEXIST", syscall.ENOTDIR: "ENOTDIR", syscall.EISDIR: "EISDIR",
	syscall.EROFS: "EROFS", syscall.ECONNREFUSED: "ECONNREFUSED",
	syscall.EINPROGRESS: "EINPROGRESS", syscall.ENETUNREACH: "ENETUNREACH",
	syscall.EHOSTUNREACH: "EHOSTUNREACH", syscall.ETIMEDOUT: "ETIMEDOUT",
	syscall.ENOTEMPTY: "ENOTEMPTY", syscall.EXDEV: "EXDEV", syscall.EBADF: "EBADF",
	syscall.EINVAL: "EINVAL", syscall.ENOEXEC: "ENOEXEC", syscall.EAGAIN: "EAGAIN",
}
