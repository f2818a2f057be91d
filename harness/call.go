package harness

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/packer-plugin-dev/packer-plugin-dev/harness/internal/observe"
)

// TraceMode says how side effects were observed.
type TraceMode string

// Trace modes, best first. TraceBest picks the best one available.
const (
	TraceBest     TraceMode = ""
	TraceSeccomp  TraceMode = "ptrace+seccomp" // ptrace, stopping only on syscalls a seccomp filter marks
	TracePtrace   TraceMode = "ptrace"         // ptrace, stopping at every syscall
	TraceSnapshot TraceMode = "snapshot"       // no tracing: sandbox diffed after each call
)

// EventKind is the kind of a side effect.
type EventKind string

// Side-effect kinds.
const (
	EventFile    EventKind = "file"
	EventNetwork EventKind = "network"
	EventProcess EventKind = "process"
)

// Phases that are not RPC calls, as they appear in Event.Call and LogLine.Call.
const (
	PhaseStart = "start" // from exec until the handshake is read
	PhaseIdle  = "idle"  // between calls
)

// Event is one side effect of the plugin process or its descendants.
type Event struct {
	Kind    EventKind
	Op      string   // file: create|write|truncate|rename|remove|mkdir|rmdir|link|symlink|chmod; network: connect|send|dns; process: exec|fork
	Syscall string   // "openat", "connect", ...; "" in snapshot mode
	Path    string   // absolute path, or the program exec'd
	NewPath string   // rename/link target
	Addr    string   // network: "127.0.0.1:1", "[::1]:53"
	Proto   string   // network: tcp|udp|unix
	Argv    []string // exec
	PID     int
	Result  int64 // syscall result when known; negative errno on failure (attempts count too)
	Time    time.Time
	// Call is the name of the call in flight ("Configure", ...), or
	// PhaseStart / PhaseIdle.
	Call string
	// CallIndex is the index of that call in Plugin.Calls, -1 for phases.
	CallIndex int
}

func (e Event) String() string {
	var b strings.Builder
	b.WriteString(e.Op)
	if e.Syscall != "" {
		b.WriteString(" (" + e.Syscall + ")")
	}
	switch e.Kind {
	case EventNetwork:
		fmt.Fprintf(&b, " %s %s", e.Proto, e.Addr)
		if e.Path != "" {
			b.WriteString(" " + e.Path)
		}
	case EventProcess:
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
	if e.Result < 0 {
		b.WriteString(" failed: " + observe.ErrnoText(e.Result))
	}
	fmt.Fprintf(&b, " during %s", e.Call)
	return b.String()
}

// LogLine is one line the plugin wrote to stderr (or to stdout after the
// handshake), prefixed as Packer logs it: "<binary basename> plugin: ...".
type LogLine struct {
	Time   time.Time
	Call   string // the call in flight, or PhaseStart / PhaseIdle
	Stream string // "stderr" or "stdout"
	Text   string
}

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

// Errors a call can end with besides the plugin's own; test with errors.Is.
var (
	ErrCallTimeout    = errors.New("no answer within the call deadline; the plugin was killed")
	ErrCancelIgnored  = errors.New("did not return within the deadline after it was cancelled; the plugin was killed")
	ErrPluginCrashed  = errors.New("the plugin process died during the call")
	ErrPluginExited   = errors.New("the plugin process is not running")
	ErrPluginClosed   = errors.New("the plugin was closed")
	ErrWrongKind      = errors.New("method not available for this component kind")
	ErrClientPanicked = errors.New("the SDK client panicked (the plugin's answer could not be decoded)")
)

// CallError is the error a recorded call returns when it failed.
type CallError struct {
	Component Component
	Call      string
	Err       error  // the underlying error (RPC error, plugin error, or one of the Err* values)
	Panic     string // panic text from stderr, if the plugin panicked
}

func (e *CallError) Error() string {
	msg := fmt.Sprintf("%s: %s: %v", e.Component, e.Call, e.Err)
	if e.Panic != "" {
		msg += "\nplugin panic:\n" + e.Panic
	}
	return msg
}

func (e *CallError) Unwrap() error { return e.Err }

// StartError says why a plugin could not be started.
type StartError struct {
	Bin       string
	Component Component
	// Reason is one of "exec", "exited", "timeout", "cancelled", "noise",
	// "handshake", "connect".
	Reason string
	Err    error
	// Stdout holds the stdout lines read before giving up (the handshake
	// candidate and any noise before it).
	Stdout []string
	// Log holds the stderr lines written before giving up.
	Log []LogLine
	// ExitCode/Signal describe the exit when Reason is "exited".
	ExitCode int
	Signal   string
}

func (e *StartError) Error() string {
	msg := fmt.Sprintf("start %s (%s): %s: %v", e.Component, e.Bin, e.Reason, e.Err)
	if len(e.Stdout) > 0 {
		msg += fmt.Sprintf("\nstdout: %q", e.Stdout)
	}
	if n := len(e.Log); n > 0 {
		from := max(0, n-20)
		lines := make([]string, 0, n-from)
		for _, l := range e.Log[from:] {
			lines = append(lines, l.Text)
		}
		msg += "\nstderr:\n" + strings.Join(lines, "\n")
	}
	return msg
}

func (e *StartError) Unwrap() error { return e.Err }
