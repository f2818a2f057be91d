package harness

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/packer-plugin-sdk/rpc"

	"github.com/packer-plugin-dev/packer-plugin-dev/harness/internal/observe"
)

// Plugin is one running plugin process serving one component.
// Calls through its clients are serialised, as core makes them.
type Plugin struct {
	bin       string
	component Component
	opts      Options
	sandbox   Sandbox
	session   *observe.Session
	handshake Handshake
	conn      *quietConn
	client    *rpc.Client
	debug     *debugState // under Options.Debugger

	stderr *lineReader
	stdout *lineReader
	noise  []string

	callMu sync.Mutex // serialises calls

	mu      sync.Mutex
	calls   []*Call
	current *Call         // call in flight, nil when idle
	phase   observe.Phase // the call or phase in flight, for the observer
	log     []LogLine
	killed  bool

	closeOnce func() error // Close's work, done once (sync.OnceValue)
	closed    chan struct{}
}

// Start starts bin for component c the way core does: `bin start <kind>
// --protobuf <name>` (without --protobuf when Options.Gob is set) with the
// magic cookie and port range, in a fresh sandbox, under observation. It
// reads and validates the handshake within Options.StartTimeout and
// connects the SDK's RPC client with the same codec.
// ctx bounds only the start; use Close to end the plugin. On error nothing
// is left running or on disk and the error is a *StartError.
func Start(ctx context.Context, bin string, c Component, opts Options) (*Plugin, error) {
	opts = opts.withDefaults()
	p := &Plugin{bin: bin, component: c, opts: opts, phase: namedPhase(PhaseStart), closed: make(chan struct{})}
	p.closeOnce = sync.OnceValue(p.close)
	fail := func(reason string, err error) (*Plugin, error) {
		serr := &StartError{Bin: bin, Component: c, Reason: reason, Err: err}
		if p.stdout != nil {
			serr.Stdout = p.stdout.lines()
		}
		if p.session != nil {
			select {
			case <-p.session.Done():
				serr.ExitCode, serr.Signal, _ = p.session.ExitState()
			default:
			}
		}
		p.Close()
		serr.Log = p.Log()
		return nil, serr
	}
	abs, err := resolveBin(bin)
	if err != nil {
		return fail("exec", err)
	}
	p.bin = abs
	if p.sandbox, err = newSandbox(opts.SandboxDir); err != nil {
		return fail("exec", err)
	}
	if err := p.spawn(); err != nil {
		return fail("exec", err)
	}
	if err := p.awaitDebugger(ctx); err != nil {
		return fail("debugger", err)
	}

	timer := time.NewTimer(opts.StartTimeout)
	defer timer.Stop()
	for {
		select {
		case line, ok := <-p.stdout.handshakeLines:
			if !ok {
				return fail("exited", p.exitedBeforeHandshake())
			}
			h, err := ParseHandshake(line)
			if err != nil {
				if opts.TolerateStdoutNoise {
					p.noise = append(p.noise, line)
					continue
				}
				if len(p.stdout.lines()) > 1 || looksLikeNoise(line) {
					return fail("noise", fmt.Errorf("the plugin printed %q to stdout before its handshake; Packer reads only the first line and fails with: %w", line, err))
				}
				return fail("handshake", err)
			}
			p.mu.Lock()
			p.handshake = h
			p.mu.Unlock()
			if h.Network == "unix" {
				sockets.Store(h.Address, true)
			}
			if err := p.connect(ctx, timer); err != nil {
				return fail("connect", err)
			}
			p.stdout.stopHandshake()
			p.session.Checkpoint(namedPhase(PhaseStart))
			p.setPhase(nil, PhaseIdle)
			return p, nil
		case <-p.session.Done():
			// Let stdout drain: the handshake may precede the exit.
			select {
			case line, ok := <-p.stdout.handshakeLines:
				if ok {
					if _, err := ParseHandshake(line); err == nil {
						return fail("exited", fmt.Errorf("the plugin printed its handshake and exited before the connection: %v", p.exitDescription()))
					}
				}
			case <-time.After(100 * time.Millisecond):
			}
			return fail("exited", p.exitedBeforeHandshake())
		case <-timer.C:
			return fail("timeout", fmt.Errorf("no handshake line on stdout within %v; Packer gives up after 60 s", opts.StartTimeout))
		case <-ctx.Done():
			return fail("cancelled", ctx.Err())
		}
	}
}

// resolveBin makes bin absolute, since the plugin runs in its sandbox: a
// path is taken relative to the current directory, a bare name is looked
// up in PATH.
func resolveBin(bin string) (string, error) {
	if !strings.ContainsRune(bin, filepath.Separator) && !strings.ContainsRune(bin, '/') {
		found, err := exec.LookPath(bin)
		if err != nil {
			return "", fmt.Errorf("plugin binary %q: %w; give a path to the built plugin", bin, err)
		}
		bin = found
	}
	abs, err := filepath.Abs(bin)
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(abs); err != nil {
		return "", fmt.Errorf("plugin binary: %w; build the plugin first", err)
	}
	return abs, nil
}

// looksLikeNoise tells a line that is not even trying to be a handshake.
func looksLikeNoise(line string) bool { return !strings.Contains(line, "|") }

// exitDescription describes how the process ended, once its last stderr
// lines (the panic) are in.
func (p *Plugin) exitDescription() string {
	p.stderr.waitEOF(time.Second)
	return p.exitState()
}

// exitState describes how the process ended.
func (p *Plugin) exitState() string {
	code, sig, _ := p.session.ExitState()
	if sig != "" {
		return "killed by signal " + sig
	}
	return "exit status " + strconv.Itoa(code)
}

func (p *Plugin) exitedBeforeHandshake() error {
	return fmt.Errorf("the plugin exited before printing its handshake (%s); see its stderr", p.exitDescription())
}

// spawn starts the process under observation with its pipes.
func (p *Plugin) spawn() error {
	cmd := p.command()
	cmd.Dir = p.sandbox.Work
	env := []string{
		MagicCookieKey + "=" + MagicCookieValue,
		"PACKER_PLUGIN_MIN_PORT=" + strconv.Itoa(p.opts.MinPort),
		"PACKER_PLUGIN_MAX_PORT=" + strconv.Itoa(p.opts.MaxPort),
	}
	var redirect func(observe.Event) (netip.AddrPort, bool)
	var confine *observe.Confinement
	if p.opts.Contain {
		confine = p.sandbox.confinement()
	} else if w := p.opts.World; w != nil {
		env = append(env, w.Env()...)
		redirect = w.redirect
	}
	cmd.Env = sandboxEnv(p.sandbox, append(env, p.opts.Env...))
	prefix := filepath.Base(p.bin) + " plugin: "
	var err error
	if p.stderr, err = newLineReader("stderr", prefix, p.addLog, false); err != nil {
		return err
	}
	if p.stdout, err = newLineReader("stdout", prefix, p.addLog, true); err != nil {
		p.stderr.closeAll()
		p.stderr = nil
		return err
	}
	cmd.Stdout = p.stdout.w
	cmd.Stderr = p.stderr.w
	sess, err := observe.Start(cmd, observe.Options{
		Mode:          p.opts.Trace,
		Phase:         p.currentPhase,
		Ignore:        p.ignoreEvent,
		SnapshotRoots: p.sandbox.snapshotRoots(),
		Marker:        p.sandbox.marker(),
		Redirect:      redirect,
		Confine:       confine,
		// Whatever it starts, in any session or group, ends with it at once.
		OwnPIDs: true,
	})
	p.spawned(cmd)
	if err != nil {
		p.stderr.closeAll()
		p.stdout.closeAll()
		p.stderr, p.stdout = nil, nil
		return fmt.Errorf("start %s: %w", p.bin, err)
	}
	p.session = sess
	trackProcess(sess.Pid())
	p.stderr.start()
	p.stdout.start()
	go func() {
		// Once the process is gone, nothing else writes our pipes unless
		// a child inherited them; close our write ends so readers see EOF.
		<-sess.Done()
		p.stderr.closeWriter()
		p.stdout.closeWriter()
	}()
	return nil
}

// startArgs are the arguments core starts a plugin with. The SDK's server
// uses protobuf only when it sees --protobuf among them.
func startArgs(c Component, gob bool) []string {
	if gob {
		return []string{"start", string(c.Kind), c.Name}
	}
	return []string{"start", string(c.Kind), "--protobuf", c.Name}
}

// connect dials the handshake address and speaks yamux + net/rpc, within
// what is left of the start timeout: a plugin that listens but never
// accepts would otherwise hold the SDK's client for its own 30+ s.
func (p *Plugin) connect(ctx context.Context, timer *time.Timer) error {
	d := net.Dialer{Timeout: 10 * time.Second}
	raw, err := d.DialContext(ctx, p.handshake.Network, p.handshake.Address)
	if err != nil {
		return fmt.Errorf("dial %s %s from the handshake: %w", p.handshake.Network, p.handshake.Address, err)
	}
	conn := &quietConn{Conn: raw}
	type result struct {
		client *rpc.Client
		err    error
	}
	done := make(chan result, 1)
	go func() {
		c, err := rpc.NewClient(p.rpcConn(conn))
		done <- result{c, err}
	}()
	select {
	case r := <-done:
		if r.err != nil {
			conn.Close()
			return fmt.Errorf("RPC session over %s: %w", p.handshake.Address, r.err)
		}
		r.client.UseProto = !p.opts.Gob
		p.conn, p.client = conn, r.client
		return nil
	case <-timer.C:
		conn.Close()
		return fmt.Errorf("the plugin did not accept the RPC connection on %s within the start deadline (%v)", p.handshake.Address, p.opts.StartTimeout)
	case <-ctx.Done():
		conn.Close()
		return ctx.Err()
	}
}

// Component is the component this process serves.
func (p *Plugin) Component() Component { return p.component }

// Bin is the absolute path of the plugin binary.
func (p *Plugin) Bin() string { return p.bin }

// Sandbox is where the process lives.
func (p *Plugin) Sandbox() Sandbox { return p.sandbox }

// Handshake is the handshake the plugin printed.
func (p *Plugin) Handshake() Handshake { return p.handshake }

// TraceMode says how side effects were observed.
func (p *Plugin) TraceMode() TraceMode { return p.session.Mode() }

// Protections says which mechanisms of Options.Contain held for this
// process, and why any did not; nil when it was not contained.
func (p *Plugin) Protections() []Protection { return p.session.Protections() }

// Pid is the plugin's process id.
func (p *Plugin) Pid() int { return p.session.Pid() }

// StdoutNoise holds the stdout lines skipped before the handshake when
// Options.TolerateStdoutNoise is set.
func (p *Plugin) StdoutNoise() []string { return append([]string(nil), p.noise...) }

// Exited reports whether the plugin process has ended (crashed, exited,
// or was killed).
func (p *Plugin) Exited() bool {
	select {
	case <-p.session.Done():
		return true
	default:
		return false
	}
}

// Done is closed when the plugin process has ended.
func (p *Plugin) Done() <-chan struct{} { return p.session.Done() }

// ExitState reports how the process ended; exited is false while it runs.
func (p *Plugin) ExitState() (code int, signal string, exited bool) {
	return p.session.ExitState()
}

// Calls returns every call made so far, in order.
func (p *Plugin) Calls() []*Call {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]*Call(nil), p.calls...)
}

// LastCall returns the most recent call, nil before the first.
func (p *Plugin) LastCall() *Call {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.calls) == 0 {
		return nil
	}
	return p.calls[len(p.calls)-1]
}

// Log returns every line the plugin logged so far.
func (p *Plugin) Log() []LogLine {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]LogLine(nil), p.log...)
}

// quietConn is the RPC connection. Once the harness ends the plugin, a
// write that fails is the expected end of the session: the SDK's yamux
// would print "[ERR] yamux: Failed to write header" to the user's
// terminal for it (its logger writes to os.Stderr), so it is reported as
// written instead.
type quietConn struct {
	net.Conn
	ending atomic.Bool
}

func (c *quietConn) Write(b []byte) (int, error) {
	n, err := c.Conn.Write(b)
	if err != nil && c.ending.Load() {
		return len(b), nil
	}
	return n, err
}

// kill ends the process tree now.
func (p *Plugin) kill() {
	p.mu.Lock()
	p.killed = true
	p.mu.Unlock()
	if p.conn != nil {
		p.conn.ending.Store(true)
	}
	if p.session != nil {
		p.session.Kill()
	}
}

// Close kills the process and everything it started, closes the
// connection and removes the socket and the sandbox. It is safe to call
// more than once and from several goroutines; every call returns the
// first call's result.
func (p *Plugin) Close() error { return p.closeOnce() }

func (p *Plugin) close() error {
	close(p.closed)
	var errs []error
	// The mux close cannot hang, but the net/rpc close can wait on a
	// stuck reader: kill first.
	p.kill()
	if p.client != nil {
		_ = p.conn.Close()
		go p.client.Close()
	}
	if p.session != nil {
		waitDone := make(chan struct{})
		go func() { _ = p.session.Wait(); close(waitDone) }()
		select {
		case <-waitDone:
		case <-time.After(10 * time.Second):
			errs = append(errs, fmt.Errorf("plugin process %d did not exit 10 s after SIGKILL", p.session.Pid()))
		}
		untrackProcess(p.session.Pid())
	}
	p.closeDebug()
	if p.stderr != nil {
		p.stderr.closeAll()
		p.stdout.closeAll()
		p.stderr.waitEOF(time.Second)
		p.stdout.waitEOF(time.Second)
	}
	// Only a socket is removed: the address came from the plugin.
	if h := p.handshake; h.Network == "unix" && h.Address != "" {
		if fi, err := os.Lstat(h.Address); err == nil && fi.Mode()&os.ModeSocket != 0 {
			if err := os.Remove(h.Address); err != nil {
				errs = append(errs, fmt.Errorf("remove plugin socket: %w", err))
			}
		}
	}
	if err := p.sandbox.remove(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// World is the World the plugin was started in (Options.World), or nil.
func (p *Plugin) World() *World { return p.opts.World }
