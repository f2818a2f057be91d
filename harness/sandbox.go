package harness

import (
	"errors"
	"fmt"
	"github.com/packer-plugin-dev/packer-plugin-dev/harness/internal/observe"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/packer-plugin-dev/packer-plugin-dev/internal/scratch"
)

// SandboxPrefix starts the name of every sandbox folder, followed by the
// harness's process id and a dash, so a leak check can tell its own.
const SandboxPrefix = "packer-plugin-dev-sandbox-"

// Sandbox is the set of folders one plugin process lives in. All are under
// Root, which the harness creates fresh and removes on Close.
type Sandbox struct {
	Root      string
	Work      string // the working directory
	Home      string // $HOME
	Tmp       string // $TMPDIR (the RPC socket lands here)
	Artifacts string // for input artifacts (NewFileArtifact creates it); not part of snapshot diffs
}

// snapshotRoots are the folders diffed in snapshot mode.
func (s Sandbox) snapshotRoots() []string { return []string{s.Work, s.Home, s.Tmp} }

// marker is in the environment of every process started in the sandbox
// (HOME, TMPDIR and PWD lie under Root) and of no other.
func (s Sandbox) marker() string { return s.Root + string(filepath.Separator) }

// confinement lets a contained plugin change its sandbox and nothing else.
func (s Sandbox) confinement() *observe.Confinement {
	return &observe.Confinement{Writable: []string{s.Root}}
}

// liveSandboxes records the roots this process created and has not removed.
var liveSandboxes sync.Map

// sandboxPattern starts the names of this process's sandboxes.
func sandboxPattern() string { return strings.TrimSuffix(scratch.Pattern(SandboxPrefix), "*") }

// sdkSocketName is the most the SDK appends to $TMPDIR for its RPC socket:
// "/packer-plugin" and up to 10 random digits (os.CreateTemp).
const sdkSocketName = len("/packer-plugin") + 10

// fallbackSandboxDir is the parent used when the default one (TMPDIR) is
// too deep for the plugin's socket, as under testscript or on macOS.
const fallbackSandboxDir = "/tmp"

// maxSocketPath is the longest path a unix socket can be bound to:
// sun_path holds 108 bytes on Linux and 104 on macOS and the BSDs, NUL
// included.
func maxSocketPath() int {
	if runtime.GOOS == "linux" {
		return 107
	}
	return 103
}

// errSocketPathTooLong marks a sandbox whose Tmp leaves no room for the
// socket name.
var errSocketPathTooLong = errors.New("too long for a unix socket")

// newSandbox creates a sandbox under parent. With parent empty it uses
// os.TempDir(), or fallbackSandboxDir when the socket path would not fit
// there. An explicit parent that is too deep is an error.
func newSandbox(parent string) (Sandbox, error) {
	if parent != "" {
		sb, err := newSandboxIn(parent)
		if errors.Is(err, errSocketPathTooLong) {
			err = fmt.Errorf("%w; set Options.SandboxDir to a shorter folder", err)
		}
		return sb, err
	}
	sb, err := newSandboxIn(os.TempDir())
	if errors.Is(err, errSocketPathTooLong) {
		var fallbackErr error
		if sb, fallbackErr = newSandboxIn(fallbackSandboxDir); fallbackErr != nil {
			return Sandbox{}, fmt.Errorf("%w; and under %s: %v; set TMPDIR or Options.SandboxDir to a short folder", err, fallbackSandboxDir, fallbackErr)
		}
		return sb, nil
	}
	return sb, err
}

// newSandboxIn creates a sandbox under parent, failing with
// errSocketPathTooLong when the SDK's socket in its Tmp could not be bound.
func newSandboxIn(parent string) (Sandbox, error) {
	root, err := scratch.MkdirTemp(parent, SandboxPrefix)
	if err != nil {
		return Sandbox{}, fmt.Errorf("create sandbox under %s: %w (set Options.SandboxDir to a writable folder)", parent, err)
	}
	// Resolve symlinks (macOS /var -> /private/var) so paths in events,
	// which the kernel reports resolved, compare equal.
	if resolved, err := filepath.EvalSymlinks(root); err == nil {
		root = resolved
	}
	sb := Sandbox{
		Root:      root,
		Work:      filepath.Join(root, "work"),
		Home:      filepath.Join(root, "home"),
		Tmp:       filepath.Join(root, "tmp"),
		Artifacts: filepath.Join(root, "artifacts"),
	}
	liveSandboxes.Store(root, true)
	// Plugins listen on TCP on Windows.
	if n := len(sb.Tmp) + sdkSocketName; runtime.GOOS != "windows" && n > maxSocketPath() {
		sb.remove()
		return Sandbox{}, fmt.Errorf("sandbox under %s: the plugin's socket %s%s would be %d bytes, %w (at most %d)",
			parent, sb.Tmp, "/packer-plugin0123456789", n, errSocketPathTooLong, maxSocketPath())
	}
	// Artifacts is created on first use (NewFileArtifact): one folder less
	// to make and remove per process.
	for _, d := range []string{sb.Work, sb.Home, sb.Tmp} {
		if err := os.Mkdir(d, 0o755); err != nil {
			sb.remove()
			return Sandbox{}, fmt.Errorf("create sandbox folder: %w", err)
		}
	}
	return sb, nil
}

// sandboxParents are the folders default sandboxes are created in.
func sandboxParents() []string {
	if d := os.TempDir(); d != fallbackSandboxDir {
		return []string{d, fallbackSandboxDir}
	}
	return []string{fallbackSandboxDir}
}

// remove deletes the sandbox, making read-only folders the plugin left
// writable first.
func (s Sandbox) remove() error {
	if s.Root == "" {
		return nil
	}
	if err := scratch.RemoveAll(s.Root); err != nil {
		return fmt.Errorf("remove sandbox %s: %w", s.Root, err)
	}
	liveSandboxes.Delete(s.Root)
	return nil
}

// sandboxEnv is the plugin's environment: the harness's own, as core passes
// its whole environment, with HOME, TMPDIR and PWD pointing into the sandbox,
// XDG folders unset so they derive from HOME, then extra.
func sandboxEnv(s Sandbox, extra []string) []string {
	override := map[string]string{
		"HOME": s.Home, "TMPDIR": s.Tmp, "TMP": s.Tmp, "TEMP": s.Tmp, "PWD": s.Work,
	}
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if _, ok := override[k]; ok || strings.HasPrefix(k, "XDG_") || k == "PACKER_PLUGIN_MAGIC_COOKIE" ||
			k == "PACKER_PLUGIN_MIN_PORT" || k == "PACKER_PLUGIN_MAX_PORT" {
			continue
		}
		env = append(env, kv)
	}
	for _, k := range []string{"HOME", "TMPDIR", "TMP", "TEMP", "PWD"} {
		env = append(env, k+"="+override[k])
	}
	return append(env, extra...)
}
