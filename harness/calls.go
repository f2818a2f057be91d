package harness

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/rpc"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/yamux"
)

// Call is one RPC method call made through a Plugin's client.
type Call struct {
	Index      int
	Name       string // "ConfigSpec", "Configure", "Prepare", "PostProcess", "Artifact.Files", ...
	Start, End time.Time
	Err        error  // the error the method returned (a *CallError), nil on success
	Panic      string // the panic text from stderr when the plugin died during the call
	Log        []LogLine
	Events     []Event
	// CancelledAt is when ctx was cancelled (zero if it was not);
	// End-CancelledAt is how long the plugin took to honour the cancel.
	CancelledAt time.Time
}

// Duration is how long the call took.
func (c *Call) Duration() time.Duration { return c.End.Sub(c.Start) }

// CancelLatency is how long the plugin took to return after ctx was
// cancelled; 0 when the call was not cancelled.
func (c *Call) CancelLatency() time.Duration {
	if c.CancelledAt.IsZero() {
		return 0
	}
	return c.End.Sub(c.CancelledAt)
}

// How long the harness waits for the plugin's last stderr lines after a call
// and for the process to die once its connection broke.
const (
	logSyncTimeout = 2 * time.Second
	crashWait      = 2 * time.Second
)

// do runs fn as the recorded call name. fn gets ctx when the method takes
// one (cancellable): the SDK turns its cancellation into a Cancel RPC.
func (p *Plugin) do(ctx context.Context, name string, cancellable bool, fn func(ctx context.Context) error) error {
	p.callMu.Lock()
	defer p.callMu.Unlock()

	p.mu.Lock()
	c := &Call{Index: len(p.calls), Name: name, Start: time.Now()}
	p.calls = append(p.calls, c)
	p.mu.Unlock()

	var err error
	select {
	case <-p.closed:
		err = ErrPluginClosed
	default:
		select {
		case <-p.session.Done():
			err = fmt.Errorf("%w (%s)", ErrPluginExited, p.exitDescription())
			// A plugin that died between calls left its panic in the log.
			text := panicText(p.Log())
			p.mu.Lock()
			c.Panic = text
			p.mu.Unlock()
		default:
			err = p.run(ctx, c, cancellable, fn)
		}
	}
	p.finish(c, err)
	return c.Err
}

// callValue is do for a call that returns a value. The value crosses from
// the call's goroutine under a lock: when run gives up on a call the SDK
// client never returned from, the caller gets the zero value and the
// goroutine's late result is dropped instead of racing with the caller.
func callValue[T any](p *Plugin, ctx context.Context, name string, cancellable bool, fn func(ctx context.Context) (T, error)) (T, error) {
	var (
		mu        sync.Mutex
		v         T
		abandoned bool
	)
	err := p.do(ctx, name, cancellable, func(ctx context.Context) error {
		r, e := fn(ctx)
		mu.Lock()
		defer mu.Unlock()
		if !abandoned {
			v = r
		}
		return e
	})
	mu.Lock()
	defer mu.Unlock()
	abandoned = true
	return v, err
}

// run performs the RPC, enforcing the call deadline and cancel timeout.
func (p *Plugin) run(ctx context.Context, c *Call, cancellable bool, fn func(ctx context.Context) error) error {
	if ctx == nil {
		ctx = context.Background()
	}
	p.setPhase(c, "")
	callCtx := ctx
	if !cancellable {
		callCtx = context.Background()
	}
	result := make(chan error, 1)
	go func() {
		defer func() {
			// The SDK's client panics when it cannot decode an answer
			// (ConfigSpec, OutputSpec) or the connection broke mid-call.
			if r := recover(); r != nil {
				result <- fmt.Errorf("%w: %v", ErrClientPanicked, r)
			}
		}()
		result <- fn(callCtx)
	}()

	deadline := time.NewTimer(p.opts.CallTimeout)
	defer deadline.Stop()
	var cancelTimeout <-chan time.Time
	ctxDone := callCtx.Done()
	var killedFor error
	for {
		select {
		case err := <-result:
			if killedFor != nil {
				return killedFor
			}
			return err
		case <-ctxDone:
			ctxDone = nil
			p.mu.Lock()
			c.CancelledAt = time.Now()
			p.mu.Unlock()
			t := time.NewTimer(p.opts.CancelTimeout)
			defer t.Stop()
			cancelTimeout = t.C
		case <-cancelTimeout:
			cancelTimeout = nil
			killedFor = ErrCancelIgnored
			p.kill()
			deadline.Reset(crashWait)
		case <-deadline.C:
			if killedFor != nil {
				// Killed, yet the SDK client did not return: give up on it.
				return killedFor
			}
			killedFor = ErrCallTimeout
			p.kill()
			deadline.Reset(crashWait)
		}
	}
}

// finish records the end of c: its remaining log lines, its side effects,
// the panic text if the plugin died, and the error the caller sees.
func (p *Plugin) finish(c *Call, err error) {
	died := false
	if err != nil {
		// An error of any text means a crash if the process has ended. A
		// broken connection usually means it is dying: give it a moment,
		// so that its stderr (the panic) is complete.
		wait := time.Duration(0)
		if brokenConnection(err) {
			wait = crashWait
		}
		died = ended(p.session.Done(), wait)
	}
	if died {
		p.stderr.waitEOF(logSyncTimeout)
		p.stdout.waitEOF(logSyncTimeout)
	} else {
		p.stderr.sync(logSyncTimeout)
		p.stdout.sync(logSyncTimeout)
	}
	p.session.Checkpoint(phaseOf(c))
	var events []Event
	for _, e := range p.session.Events() {
		if e.CallIndex == c.Index {
			events = append(events, e)
		}
	}

	p.mu.Lock()
	defer p.mu.Unlock()
	c.End = time.Now()
	c.Events = events
	if died && c.Panic == "" {
		c.Panic = panicText(c.Log)
	}
	closed := false
	select {
	case <-p.closed:
		closed = true
	default:
	}
	if err != nil {
		if closed && !errors.Is(err, ErrPluginClosed) {
			err = fmt.Errorf("%w during the call: %v", ErrPluginClosed, err)
		} else if died && !errors.Is(err, ErrCallTimeout) && !errors.Is(err, ErrCancelIgnored) && !p.killed && !errors.Is(err, ErrPluginExited) {
			err = fmt.Errorf("%w: %v (%s)", ErrPluginCrashed, err, p.exitState())
		}
		c.Err = &CallError{Component: p.component, Call: c.Name, Err: err, Panic: c.Panic}
	}
	p.current = nil
	p.phase = namedPhase(PhaseIdle)
}

// ended says whether done is closed, or closes within wait.
func ended(done <-chan struct{}, wait time.Duration) bool {
	select {
	case <-done:
		return true
	default:
	}
	if wait <= 0 {
		return false
	}
	select {
	case <-done:
		return true
	case <-time.After(wait):
		return false
	}
}

// brokenConnection tells transport failures (the plugin died or was
// killed) from errors the plugin returned. Which one a dying plugin gives
// is a race: net/rpc's EOF or shutdown, or yamux's when the SDK's
// multiplexed session goes first.
func brokenConnection(err error) bool {
	for _, transport := range []error{io.EOF, io.ErrUnexpectedEOF, rpc.ErrShutdown,
		yamux.ErrSessionShutdown, yamux.ErrStreamClosed, yamux.ErrConnectionReset,
		ErrCallTimeout, ErrCancelIgnored} {
		if errors.Is(err, transport) {
			return true
		}
	}
	var serverErr rpc.ServerError
	if errors.As(err, &serverErr) {
		return false
	}
	msg := err.Error()
	// The SDK passes some transport errors on as text only.
	return strings.Contains(msg, "unexpected EOF") || strings.Contains(msg, "connection is shut down") ||
		strings.Contains(msg, "session shutdown") || strings.Contains(msg, "broken pipe") ||
		strings.Contains(msg, "connection reset")
}

// panicText extracts a Go panic or fatal error and its stack from the
// call's log lines, without the log prefix.
func panicText(lines []LogLine) string {
	start := -1
	for i, l := range lines {
		t := stripPrefix(l.Text)
		if strings.HasPrefix(t, "panic: ") || strings.HasPrefix(t, "fatal error: ") {
			start = i
			break
		}
	}
	if start < 0 {
		return ""
	}
	var b strings.Builder
	for _, l := range lines[start:min(len(lines), start+60)] {
		b.WriteString(stripPrefix(l.Text))
		b.WriteByte('\n')
	}
	return strings.TrimRight(b.String(), "\n")
}

func stripPrefix(t string) string {
	if _, rest, ok := strings.Cut(t, " plugin: "); ok {
		return rest
	}
	return t
}
