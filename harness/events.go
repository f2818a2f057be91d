package harness

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/packer-plugin-dev/packer-plugin-dev/harness/internal/observe"
)

// What the observer saw, attributed to calls and phases, and the log
// lines, attributed the same way.

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
	var out []Event
	for _, e := range p.session.Events() {
		if ev, ok := p.convertEvent(e); ok {
			out = append(out, ev)
		}
	}
	return out
}

func (p *Plugin) convertEvent(e observe.Event) (Event, bool) {
	if p.ignoreEvent(e) {
		return Event{}, false
	}
	name, index := parsePhase(e.Phase)
	return Event{
		Kind: EventKind(e.Kind), Op: e.Op, Syscall: e.Syscall, Path: e.Path, NewPath: e.NewPath,
		Addr: e.Addr, Proto: e.Proto, Argv: e.Argv, PID: e.PID, Result: e.Result, Time: e.Time,
		Call: name, CallIndex: index,
	}, true
}

// phaseLabel names a call uniquely for observe; parsePhase reverses it.
func phaseLabel(c *Call) string { return strconv.Itoa(c.Index) + ":" + c.Name }

func parsePhase(label string) (name string, index int) {
	if i, n, ok := strings.Cut(label, ":"); ok {
		if idx, err := strconv.Atoi(i); err == nil {
			return n, idx
		}
	}
	if label == "" {
		label = PhaseIdle
	}
	return label, -1
}

func (p *Plugin) currentPhase() string {
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
		phase = phaseLabel(c)
	}
	p.phase = phase
}

// addLog records one line for the call or phase in flight.
func (p *Plugin) addLog(stream, text string) {
	line := LogLine{Time: time.Now(), Stream: stream, Text: text}
	p.mu.Lock()
	if p.current != nil {
		line.Call = p.current.Name
		p.current.Log = append(p.current.Log, line)
	} else {
		line.Call, _ = parsePhase(p.phase)
	}
	p.log = append(p.log, line)
	p.mu.Unlock()
	if p.opts.LogWriter != nil {
		fmt.Fprintln(p.opts.LogWriter, text)
	}
}
