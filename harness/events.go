package harness

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/packer-plugin-dev/packer-plugin-dev/harness/internal/observe"
)

// What the observer saw, attributed to calls and phases, and the log
// lines, attributed the same way.

// TraceMode says how side effects were observed.
type TraceMode = observe.Mode

// Trace modes, best first. TraceBest picks the best one available.
const (
	TraceBest     TraceMode = ""
	TraceSeccomp            = observe.ModeSeccomp  // ptrace, stopping only on syscalls a seccomp filter marks
	TracePtrace             = observe.ModePtrace   // ptrace, stopping at every syscall
	TraceSnapshot           = observe.ModeSnapshot // no tracing: sandbox diffed after each call
)

// EventKind is the kind of a side effect.
type EventKind = observe.EventKind

// Side-effect kinds.
const (
	EventFile    = observe.File
	EventNetwork = observe.Network
	EventProcess = observe.Process
	// EventSystem is an attempt on the machine itself (a mount, a
	// namespace, io_uring, another process's memory...), which a
	// contained plugin is refused.
	EventSystem = observe.System
)

// Protection is one mechanism of Options.Contain and whether it held.
type Protection = observe.Protection

// Phases that are not RPC calls, as they appear in Event.Call and LogLine.Call.
const (
	PhaseStart    = "start"    // from exec until the handshake is read
	PhaseIdle     = "idle"     // between calls
	PhaseDescribe = "describe" // the whole run of `describe`
)

// Event is one side effect of the plugin process or its descendants (or
// an attempt at one), attributed to the call in flight: Call is its name
// ("Configure", ...) or one of the phases above, CallIndex its index in
// Plugin.Calls, -1 for phases. The observer and the harness share it.
type Event = observe.Event

// LogLine is one line the plugin wrote to stderr (or to stdout after the
// handshake), prefixed as Packer logs it: "<binary basename> plugin: ...".
type LogLine struct {
	Time   time.Time
	Call   string // the call in flight, or PhaseStart / PhaseIdle
	Stream string // "stderr" or "stdout"
	Text   string
}

// ignoreEvent drops the plugin's own RPC socket (the SDK creates a temp
// file, removes it and binds the socket at the same path in $TMPDIR) and
// the C library's local service sockets.
func (p *Plugin) ignoreEvent(e observe.Event) bool {
	return isRPCSocketEvent(e, p.sandbox.Tmp, p.handshakeAddr()) || isLibcServiceEvent(e)
}

// libcServiceSockets are the local sockets glibc's name service switch
// asks (nscd, systemd's user database) when a cgo build looks up a user
// or host: a question to the local machine, not network activity.
var libcServiceSockets = []string{"/var/run/nscd/socket", "/run/nscd/socket", "/run/systemd/userdb/"}

func isLibcServiceEvent(e observe.Event) bool {
	if e.Kind != observe.Network || e.Proto != "unix" {
		return false
	}
	for _, s := range libcServiceSockets {
		if e.Addr == s || strings.HasSuffix(s, "/") && strings.HasPrefix(e.Addr, s) {
			return true
		}
	}
	return false
}

func (p *Plugin) handshakeAddr() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.handshake.Address
}

func isRPCSocketEvent(e observe.Event, tmp, addr string) bool {
	if e.Kind == observe.Network {
		return addr != "" && e.Addr == addr
	}
	if e.Kind != observe.File {
		return false
	}
	if addr != "" {
		return e.Path == addr
	}
	// Before the handshake the address is unknown; the SDK's name is
	// $TMPDIR/packer-plugin<digits>.
	dir, base := filepath.Split(e.Path)
	return filepath.Clean(dir) == tmp && strings.HasPrefix(base, "packer-plugin") &&
		strings.TrimLeft(strings.TrimPrefix(base, "packer-plugin"), "0123456789") == ""
}

// Events returns every side effect observed so far, each attributed to its
// call or phase. The plugin's own RPC socket is never an event.
func (p *Plugin) Events() []Event {
	if p.session == nil {
		return nil
	}
	return p.session.Events()
}

// phaseOf names a call for the observer.
func phaseOf(c *Call) observe.Phase { return observe.Phase{Call: c.Name, Index: c.Index} }

// namedPhase names a phase that is not a call.
func namedPhase(name string) observe.Phase { return observe.Phase{Call: name, Index: -1} }

func (p *Plugin) currentPhase() observe.Phase {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.phase
}

// setPhase marks c (or the phase named when c is nil) as in flight.
func (p *Plugin) setPhase(c *Call, phase string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.current = c
	if c != nil {
		p.phase = phaseOf(c)
	} else {
		p.phase = namedPhase(phase)
	}
}

// addLog records one line for the call or phase in flight.
func (p *Plugin) addLog(stream, text string) {
	line := LogLine{Time: time.Now(), Stream: stream, Text: text}
	p.mu.Lock()
	if p.current != nil {
		line.Call = p.current.Name
		p.current.Log = append(p.current.Log, line)
	} else {
		line.Call = p.phase.Call
	}
	p.log = append(p.log, line)
	p.mu.Unlock()
	if p.opts.LogWriter != nil {
		fmt.Fprintln(p.opts.LogWriter, text)
	}
}
