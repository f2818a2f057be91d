package harness

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync"
	"time"

	"github.com/packer-plugin-dev/packer-plugin-dev/harness/internal/observe"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/debugger"
)

// Debugger, set in Options.Debugger, starts every plugin process under
// Delve headless (`dlv exec BIN --headless ... -- start <kind> --protobuf
// <name>`), so an IDE or a script attaches while the harness drives the
// component as core would.
//
// Under the debugger the harness observes in snapshot mode and contains
// nothing: Delve ptraces the plugin, and a process has one tracer. No
// deadline fires (start, call, cancel): the debugger may hold the process
// as long as it likes; and the RPC session's keepalive pings are answered
// in the plugin's stead (debugger.Hold), so a plugin held at a breakpoint
// keeps its session. Close ends Delve and the plugin together.
type Debugger struct {
	// Dlv is the dlv binary (debugger.Ensure installs the pinned one).
	Dlv string
	// Listen is the address Delve listens on; default
	// debugger.DefaultListen. A process started while an earlier one of
	// the run still holds it gets a free port instead (Ready says which).
	Listen string
	// Continue runs the plugin at once instead of stopping it at its
	// entry until a client continues it.
	Continue bool
	// Ready, when set, is called once Delve listens, before the handshake
	// is awaited; an error fails Start. It may set breakpoints and
	// continue the process (debugger.Preset), or tell the user where to
	// attach.
	Ready func(ctx context.Context, c Component, addr string) error
}

// forever stands for "no deadline" in Options under a debugger.
const forever = time.Duration(1<<63 - 1)

// debugOptions makes o fit a plugin held by a debugger.
func (o Options) debugOptions() Options {
	if o.Debugger == nil {
		return o
	}
	o.Trace, o.Contain = TraceSnapshot, false
	o.StartTimeout, o.CallTimeout, o.CancelTimeout = forever, forever, forever
	return o
}

// debugState is what a Plugin under a debugger holds besides.
type debugState struct {
	log  *os.File // Delve's log (--log-dest), read end
	once sync.Once
}

// command is the plugin's command line: bin with core's arguments, or
// Delve running it.
func (p *Plugin) command() *exec.Cmd {
	args := startArgs(p.component, p.opts.Gob)
	d := p.opts.Debugger
	if d == nil {
		return exec.Command(p.bin, args...)
	}
	listen := d.Listen
	if listen == "" {
		listen = debugger.DefaultListen
	}
	cmd := exec.Command(d.Dlv, debugger.Args(debugger.Free(listen), 3, d.Continue, p.bin, args...)...)
	r, w, err := os.Pipe()
	if err != nil {
		// Start fails on the missing descriptor: Delve says it cannot log.
		return cmd
	}
	cmd.ExtraFiles = []*os.File{w}
	p.debug = &debugState{log: r}
	return cmd
}

// spawned closes the parent's copy of Delve's log pipe once Delve has it.
func (p *Plugin) spawned(cmd *exec.Cmd) {
	for _, f := range cmd.ExtraFiles {
		f.Close()
	}
}

// awaitDebugger waits until Delve listens and calls Debugger.Ready.
func (p *Plugin) awaitDebugger(ctx context.Context) error {
	if p.debug == nil {
		return nil
	}
	type listening struct {
		addr string
		err  error
	}
	got := make(chan listening, 1)
	go func() {
		r := bufio.NewReader(p.debug.log)
		addr, err := debugger.WaitListening(r)
		got <- listening{addr, err}
		_, _ = io.Copy(io.Discard, r) // Delve must never block on its log
	}()
	select {
	case l := <-got:
		if l.err != nil {
			return fmt.Errorf("%w (%s)", l.err, p.exitDescription())
		}
		if d := p.opts.Debugger; d.Ready != nil {
			return d.Ready(ctx, p.component, l.addr)
		}
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// rpcConn is what the SDK's RPC client speaks over: conn, or under a
// debugger conn with its keepalive answered.
func (p *Plugin) rpcConn(conn *quietConn) io.ReadWriteCloser {
	if p.opts.Debugger == nil {
		return conn
	}
	return debugger.Hold(conn)
}

// closeDebug closes Delve's log.
func (p *Plugin) closeDebug() {
	if p.debug != nil {
		p.debug.once.Do(func() { p.debug.log.Close() })
	}
}

// KillMarked kills every process whose environment carries marker, and
// waits until they have ended (at most 5 s): what a run that left the harness (real
// Packer and the processes it started under a debugger) uses to leave
// nothing running. Linux only; elsewhere it does nothing.
func KillMarked(marker string) {
	pids := observe.Marked(marker)
	for _, pid := range pids {
		if proc, err := os.FindProcess(pid); err == nil {
			_ = proc.Kill()
		}
	}
	// SIGKILL cannot be refused; a process in uninterruptible sleep ends
	// when its sleep does, which is not waited for past 5 s.
	deadline := time.Now().Add(5 * time.Second)
	for _, pid := range pids {
		for observe.Running(pid) && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
	}
}

// Marked lists the live processes whose environment carries marker
// (Linux; nil elsewhere).
func Marked(marker string) []int { return observe.Marked(marker) }
