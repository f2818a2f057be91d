//go:build linux && (amd64 || arm64)

package observe

import (
	"encoding/binary"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// tracer owns one ptrace session. Every ptrace request must come from the
// OS thread that started the process: run's goroutine, locked to it. Only
// live and killed are shared (with Kill), under mu; the maps after them
// belong to that goroutine alone.
type tracer struct {
	s        *Session
	seccomp  bool
	mainPid  int
	finished chan struct{} // closed when the last tracee is gone

	mu     sync.Mutex
	live   map[int]bool // traced tasks not yet reaped, for Kill
	killed bool

	tasks map[int]*task
	tgids map[int]int
	// connecting holds the events of non-blocking connects still in
	// progress; getsockopt(SO_ERROR) on the socket tells how they ended.
	connecting map[sockKey]int
}

type sockKey struct{ tgid, fd int }

// task is the tracer's view of one traced thread.
type task struct {
	pending  int  // index of the event waiting for its syscall's result, -1 none
	wantExit bool // resume with PTRACE_SYSCALL to see the syscall's exit
	// connect: the socket of the pending event; soError: a getsockopt
	// that will tell the result of connecting[sock]; soErrorAt: its optval.
	sock      sockKey
	connect   bool
	soError   bool
	soErrorAt uint64
	// forceResult, when not 0, is the result a refused syscall gets.
	forceResult int64
}

const ptraceOptions = unix.PTRACE_O_TRACESYSGOOD | unix.PTRACE_O_TRACECLONE |
	unix.PTRACE_O_TRACEFORK | unix.PTRACE_O_TRACEVFORK | unix.PTRACE_O_TRACEEXEC |
	unix.PTRACE_O_EXITKILL

func startTraced(s *Session) error {
	t := &tracer{
		s: s, seccomp: s.mode == ModeSeccomp, finished: make(chan struct{}),
		live: map[int]bool{}, tasks: map[int]*task{}, tgids: map[int]int{},
		connecting: map[sockKey]int{},
	}
	s.tracer = t
	s.cmd.SysProcAttr.Ptrace = true
	started := make(chan error, 1)
	// The tracer waits with wait4(-1, __WNOTHREAD), which also reaps any
	// other child of its thread: a Go thread that once ran a goroutine
	// starting a process with os/exec has one. So each attempt locks a
	// thread and keeps it (parked) when it has children, until one
	// without children is found.
	release := make(chan struct{})
	defer close(release)
	for range 64 {
		clean := make(chan bool, 1)
		go t.run(clean, release, started)
		if <-clean {
			if err := <-started; err != nil {
				s.tracer = nil
				return err
			}
			return nil
		}
	}
	s.tracer = nil
	return fmt.Errorf("%w: no OS thread without child processes to trace %s from", ErrUnavailable, s.cmd.Path)
}

// run starts the process and traces it until the last tracee is gone.
func (t *tracer) run(clean chan<- bool, release <-chan struct{}, started chan<- error) {
	runtime.LockOSThread()
	if threadHasChildren() {
		clean <- false
		<-release
		runtime.UnlockOSThread()
		return
	}
	clean <- true
	// Never unlocked: when this goroutine returns its thread exits, and
	// with it the ptrace relationship (PTRACE_O_EXITKILL kills leftovers).
	defer close(t.finished)
	if err := t.attach(); err != nil {
		started <- err
		return
	}
	started <- nil
	t.loop()
}

// threadHasChildren reports whether the calling thread has any child
// process, running or not, without reaping it.
func threadHasChildren() bool {
	var si unix.Siginfo
	err := unix.Waitid(unix.P_ALL, 0, &si, unix.WEXITED|unix.WSTOPPED|unix.WNOHANG|unix.WNOWAIT|unix.WALL|unix.WNOTHREAD, nil)
	return err != unix.ECHILD
}

// attach starts the command and prepares it at its post-exec stop.
func (t *tracer) attach() error {
	cmd := t.s.cmd
	if err := cmd.Start(); err != nil {
		return err
	}
	pid := cmd.Process.Pid
	t.mainPid = pid
	fail := func(err error) error {
		_ = unix.Kill(pid, unix.SIGKILL)
		_, _ = waitTask(pid)
		_ = cmd.Wait() // closes the stdio pipes
		return err
	}
	ws, err := waitTask(pid)
	if err != nil {
		return fail(fmt.Errorf("observe: wait for %s to start: %w", cmd.Path, err))
	}
	if !ws.Stopped() || ws.StopSignal() != unix.SIGTRAP {
		return fail(fmt.Errorf("observe: %s did not stop after exec under ptrace (status %#x)", cmd.Path, uint32(ws)))
	}
	// Every stop is decoded with PTRACE_GET_SYSCALL_INFO (Linux 5.3).
	if _, err := getSyscallInfo(pid); err != nil {
		return fail(fmt.Errorf("%w: PTRACE_GET_SYSCALL_INFO on %s (needs Linux 5.3 or later): %v", ErrUnavailable, cmd.Path, err))
	}
	opts := ptraceOptions
	if t.seccomp {
		opts |= unix.PTRACE_O_TRACESECCOMP
	}
	if err := unix.PtraceSetOptions(pid, opts); err != nil {
		return fail(fmt.Errorf("%w: set ptrace options on %s: %v", ErrUnavailable, cmd.Path, err))
	}
	self := uint32(pid)
	if t.s.namespaces {
		self = 1 // its first process, in its own PID namespace
	}
	err = inject(pid, func(in *injector) error {
		// Core passes a plugin stdin, stdout and stderr only; what the
		// caller's own parent leaked to it is not the plugin's to use.
		inherited := closeInherited(in)
		t.confine(in, inherited)
		if !t.seccomp {
			return nil
		}
		return installFilter(in, seccompFilter(t.s.opts.Confine != nil, self))
	})
	if err != nil {
		return fail(fmt.Errorf("%w: prepare %s at its start (descriptors, confinement, seccomp filter): %v", ErrUnavailable, cmd.Path, err))
	}
	t.live[pid] = true
	t.tasks[pid] = &task{pending: -1}
	t.tgids[pid] = pid
	t.resume(pid, t.tasks[pid], 0)
	return nil
}

func (t *tracer) loop() {
	for {
		var ws unix.WaitStatus
		tid, err := unix.Wait4(-1, &ws, unix.WALL|unix.WNOTHREAD, nil)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			break // ECHILD: no tracee left
		}
		t.handle(tid, ws)
	}
	t.mu.Lock()
	t.live = map[int]bool{}
	t.mu.Unlock()
	select {
	case <-t.s.done:
	default:
		t.s.waitErr = fmt.Errorf("observe: lost track of pid %d", t.mainPid)
		close(t.s.done)
	}
}

func (t *tracer) handle(tid int, ws unix.WaitStatus) {
	if ws.Exited() || ws.Signaled() {
		t.mu.Lock()
		delete(t.live, tid)
		t.mu.Unlock()
		delete(t.tasks, tid)
		delete(t.tgids, tid)
		if tid == t.mainPid {
			t.s.status = syscall.WaitStatus(ws)
			close(t.s.done)
		}
		return
	}
	if !ws.Stopped() {
		return
	}
	st := t.tasks[tid]
	sig := ws.StopSignal()
	if st == nil {
		// A new thread or child, auto-attached: its first stop is the
		// SIGSTOP ptrace sends it, which must not be delivered.
		st = &task{pending: -1}
		t.tasks[tid] = st
		t.mu.Lock()
		t.live[tid] = true
		killed := t.killed
		t.mu.Unlock()
		if killed {
			_ = unix.Kill(tid, unix.SIGKILL)
		}
		if sig == unix.SIGSTOP {
			t.resume(tid, st, 0)
			return
		}
	}
	switch {
	case sig == unix.SIGTRAP|0x80:
		t.syscallStop(tid, st)
		t.resume(tid, st, 0)
	case sig == unix.SIGTRAP && ws.TrapCause() > 0:
		t.eventStop(tid, st, ws.TrapCause())
		t.resume(tid, st, 0)
	default:
		var si unix.Siginfo
		if err := ptraceGetSiginfo(tid, &si); err == unix.EINVAL {
			// Group-stop (job control). Restarting lets the task run on:
			// the observed process is not stopped for SIGSTOP/SIGTSTP.
			t.resume(tid, st, 0)
			return
		}
		t.resume(tid, st, sig) // a signal-delivery-stop: deliver it
	}
}

// resume restarts a stopped task; ESRCH means it died meanwhile and its
// exit will be reported by wait4.
func (t *tracer) resume(tid int, st *task, sig syscall.Signal) {
	if !t.seccomp || st.wantExit {
		_ = unix.PtraceSyscall(tid, int(sig))
		return
	}
	_ = unix.PtraceCont(tid, int(sig))
}

func (t *tracer) eventStop(tid int, st *task, cause int) {
	switch cause {
	case unix.PTRACE_EVENT_FORK, unix.PTRACE_EVENT_VFORK, unix.PTRACE_EVENT_CLONE:
		msg, err := unix.PtraceGetEventMsg(tid)
		if err != nil {
			return
		}
		child := int(msg)
		t.mu.Lock()
		t.live[child] = true
		t.mu.Unlock()
		parent := t.tgid(tid)
		if cause == unix.PTRACE_EVENT_CLONE && readTgid(child) == parent {
			t.tgids[child] = parent // a new thread, not a new process
			return
		}
		t.tgids[child] = child
		name := map[int]string{unix.PTRACE_EVENT_FORK: "fork", unix.PTRACE_EVENT_VFORK: "vfork", unix.PTRACE_EVENT_CLONE: "clone"}[cause]
		e := Event{Kind: Process, Op: "fork", Syscall: name, Result: int64(child)}
		e.stamp(t.s.phase(), parent, time.Now())
		t.s.record(e)
	case unix.PTRACE_EVENT_EXEC:
		// A non-leader thread that execs takes over the leader's tid (the
		// leader vanishes without an exit report); its state, with the
		// execve waiting for its result, moves along.
		if msg, err := unix.PtraceGetEventMsg(tid); err == nil && int(msg) != tid {
			if old, ok := t.tasks[int(msg)]; ok {
				*st = *old
			}
			delete(t.tasks, int(msg))
			delete(t.tgids, int(msg))
			t.mu.Lock()
			delete(t.live, int(msg))
			t.mu.Unlock()
		}
	case unix.PTRACE_EVENT_SECCOMP:
		info, err := getSyscallInfo(tid)
		if err != nil || info.op != unix.PTRACE_SYSCALL_INFO_SECCOMP {
			return
		}
		t.enter(tid, st, info.nr, info.args)
	}
}

func (t *tracer) syscallStop(tid int, st *task) {
	info, err := getSyscallInfo(tid)
	if err != nil {
		return
	}
	switch info.op {
	case unix.PTRACE_SYSCALL_INFO_ENTRY:
		if !t.seccomp {
			t.enter(tid, st, info.nr, info.args)
		}
	case unix.PTRACE_SYSCALL_INFO_EXIT:
		t.exit(tid, st, info.rval)
	}
}

// exit records a syscall's result on the event its entry recorded.
func (t *tracer) exit(tid int, st *task, rval int64) {
	if st.forceResult != 0 {
		_ = setResult(tid, st.forceResult)
		st.forceResult = 0
	}
	if st.pending >= 0 {
		t.s.setResult(st.pending, rval)
		if t.s.opts.Confine != nil && rval < 0 {
			t.s.markRefused(st.pending)
		}
		if st.connect && rval == -int64(unix.EINPROGRESS) {
			t.connecting[st.sock] = st.pending
		}
	}
	if st.soError && rval == 0 {
		if idx, ok := t.connecting[st.sock]; ok {
			if b, err := (decoder{tid: tid}).read(st.soErrorAt, 4); err == nil {
				t.s.setResult(idx, -int64(int32(binary.LittleEndian.Uint32(b))))
			}
			delete(t.connecting, st.sock)
		}
	}
	st.pending, st.connect, st.soError, st.wantExit = -1, false, false, false
}

// enter decodes a syscall at its entry and records it as pending its result.
func (t *tracer) enter(tid int, st *task, nr uint64, args [6]uint64) {
	st.pending, st.connect, st.soError = -1, false, false
	if t.s.opts.Confine != nil && (t.refuse(tid, st, nr, args) || t.refusePath(tid, st, nr, args)) {
		return
	}
	desc, ok := watchedByNr[nr]
	if !ok {
		return
	}
	if desc.class == sysGetsockopt {
		key := sockKey{t.tgid(tid), int(int32(args[0]))}
		if _, ok := t.connecting[key]; ok && args[1] == unix.SOL_SOCKET && args[2] == unix.SO_ERROR {
			st.soError, st.soErrorAt, st.sock, st.wantExit = true, args[3], key, true
		}
		return
	}
	d := decoder{tid: tid, tgid: func() int { return t.tgid(tid) }}
	e, ok := d.decode(desc, args)
	if !ok {
		return
	}
	e.stamp(t.s.phase(), t.tgid(tid), time.Now())
	if t.s.opts.Confine != nil && t.refuseLocal(tid, st, e) {
		return
	}
	t.redirect(d, desc, args, &e)
	st.pending = t.s.record(e)
	st.wantExit = st.pending >= 0
	if desc.class == sysConnect {
		st.connect, st.sock = true, sockKey{e.PID, int(int32(args[0]))}
	}
}

// redirect asks Options.Redirect about a network event and rewrites the
// tracee's sockaddr to the target it gives.
func (t *tracer) redirect(d decoder, desc sysDesc, args [6]uint64, e *Event) {
	if t.s.opts.Redirect == nil || e.Kind != Network || e.Proto == "unix" {
		return
	}
	to, ok := t.s.opts.Redirect(*e)
	if !ok {
		return
	}
	if ptr, size, ok := d.destination(desc, args); ok && d.redirect(ptr, size, to) == nil {
		e.RedirectedTo = to.String()
	}
}

// tgid maps a thread to its process; a task seen before its creator's
// clone event is looked up in /proc.
func (t *tracer) tgid(tid int) int {
	if g, ok := t.tgids[tid]; ok {
		return g
	}
	g := readTgid(tid)
	if g > 0 {
		t.tgids[tid] = g
	}
	return g
}

func readTgid(tid int) int {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(tid) + "/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "Tgid:"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(v))
			return n
		}
	}
	return 0
}

// killAll SIGKILLs the process group, every traced task and every process
// carrying the session's marker, and returns once they have ended. SIGKILL
// ends a task even in a ptrace-stop; the loop reaps them all and then
// returns.
func (t *tracer) killAll() {
	t.mu.Lock()
	t.killed = true
	pids := make([]int, 0, len(t.live))
	for p := range t.live {
		pids = append(pids, p)
	}
	mainLive := t.live[t.mainPid]
	t.mu.Unlock()
	// In its own PID namespace, the first process's death ends every
	// other at once, before any can run another step.
	if t.s.namespaces && mainLive {
		_ = unix.Kill(t.mainPid, unix.SIGKILL)
	}
	// The group cannot be reused while a member lives; once every tracee
	// is reaped it is not signalled, since its id may belong to another.
	if len(pids) > 0 {
		_ = unix.Kill(-t.mainPid, unix.SIGKILL)
	}
	for _, p := range pids {
		_ = unix.Kill(p, unix.SIGKILL)
	}
	// Tracing follows every fork; the marker is for what it cannot see
	// (a process started through another tracer or a daemon manager).
	marked := map[int]bool{}
	for _, p := range Marked(t.s.opts.Marker) {
		marked[p] = true
	}
	killAndWait(marked, func() {})
	select {
	case <-t.finished:
	case <-time.After(5 * time.Second):
	}
}
