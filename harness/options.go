package harness

import (
	"io"
	"time"

	"github.com/hashicorp/packer-plugin-sdk/plugin"
)

// What core puts in a plugin's environment; the cookie is the SDK's own.
const (
	MagicCookieKey   = plugin.MagicCookieKey
	MagicCookieValue = plugin.MagicCookieValue
	DefaultMinPort   = 10000
	DefaultMaxPort   = 25000
)

// Defaults for Options.
const (
	DefaultStartTimeout  = 60 * time.Second
	DefaultCallTimeout   = 2 * time.Minute
	DefaultCancelTimeout = 5 * time.Second
)

// Options tune Start. The zero value behaves like Packer core with the
// best available tracing.
type Options struct {
	// StartTimeout bounds exec to handshake; default 60 s, as core.
	StartTimeout time.Duration
	// CallTimeout is the per-call deadline; default 2 min. A call that
	// exceeds it kills the plugin and fails with ErrCallTimeout.
	CallTimeout time.Duration
	// CancelTimeout is how long a cancelled call may take to return before
	// the harness kills the plugin (ErrCancelIgnored); default 5 s.
	CancelTimeout time.Duration
	// Trace picks the observation mode; TraceBest falls back to snapshot
	// where tracing is unavailable, an explicit mode fails Start instead.
	Trace TraceMode
	// Env is added to the plugin's environment after the harness's own.
	Env []string
	// World, when set, is what the plugin reaches outside its sandbox: its
	// proxy settings come before Env, and while tracing its connects off
	// this machine are redirected to it. The caller closes it.
	World *World
	// Contain has the kernel refuse what a configure-only scenario's
	// plugin must not do, and report each attempt as an event: writes
	// outside its sandbox, any network, signals outside its tree,
	// mounts, namespaces, seccomp filters, io_uring, other processes'
	// memory and descriptors (see Plugin.Protections). Its processes all
	// end at once when it is closed. A contained plugin reaches no World.
	Contain bool
	// LogWriter, when set, receives every prefixed log line live.
	LogWriter io.Writer
	// TolerateStdoutNoise makes Start skip stdout lines before a valid
	// handshake (they are kept in Plugin.StdoutNoise) instead of failing
	// as core does.
	TolerateStdoutNoise bool
	// SandboxDir is the parent of the sandbox folder; default os.TempDir(),
	// or /tmp when the SDK's unix socket in the sandbox's TMPDIR would
	// exceed sun_path there (107 bytes on Linux, 103 on macOS, whose
	// TMPDIR is deep). A SandboxDir that is too deep fails Start.
	SandboxDir string
	// MinPort and MaxPort are passed as PACKER_PLUGIN_MIN/MAX_PORT;
	// default 10000 and 25000, as core.
	MinPort, MaxPort int
	// Gob starts the plugin the way core did before protobuf, and still
	// does when an installed plugin does not describe protocol v2 or
	// PACKER_FORCE_GOB is set: `start <kind> <name>` without --protobuf,
	// so the SDK's server encodes ConfigSpec and OutputSpec with gob, and
	// the RPC client decodes them with gob (UseProto=false).
	Gob bool
	// Debugger, when set, starts each plugin process under Delve headless
	// (see Debugger): snapshot mode, no containment, no deadlines.
	Debugger *Debugger
}

func (o Options) withDefaults() Options {
	o = o.debugOptions()
	if o.StartTimeout <= 0 {
		o.StartTimeout = DefaultStartTimeout
	}
	if o.CallTimeout <= 0 {
		o.CallTimeout = DefaultCallTimeout
	}
	if o.CancelTimeout <= 0 {
		o.CancelTimeout = DefaultCancelTimeout
	}
	if o.MinPort == 0 {
		o.MinPort = DefaultMinPort
	}
	if o.MaxPort == 0 {
		o.MaxPort = DefaultMaxPort
	}
	return o
}
