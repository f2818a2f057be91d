package harness

import (
	"errors"
	"fmt"
	"strings"
)

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
