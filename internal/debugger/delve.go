// Package debugger runs a plugin process under Delve headless: the pinned
// Delve installed from the module proxy, its command line, the address it
// listens on, a minimal client of its JSON-RPC API, the IDE configurations
// that attach to it, and a relay that answers the RPC session's keepalive
// while the debugger holds the plugin.
package debugger

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"

	"github.com/packer-plugin-dev/packer-plugin-dev/internal/scratch"
)

// Delve is the module and version of Delve this tool runs, installed with
// `go install` from the module proxy when missing; never downloaded from
// anywhere else.
const (
	DelveModule  = "github.com/go-delve/delve"
	DelveVersion = "v1.27.2"
)

// DefaultListen is where Delve listens for the IDE unless told otherwise:
// Delve's own customary port, on loopback only (its API is not
// authenticated).
const DefaultListen = "127.0.0.1:2345"

// GCFlags builds a plugin with optimisations and inlining off, so every
// line can hold a breakpoint and every variable can be read.
const GCFlags = "all=-N -l"

// CacheDir is where the pinned Delve is installed: $XDG_CACHE_HOME (or the
// user cache folder)/packer-plugin-dev/dlv-<version>.
func CacheDir(getenv func(string) string) (string, error) {
	base := getenv("XDG_CACHE_HOME")
	if base == "" {
		d, err := os.UserCacheDir()
		if err != nil {
			return "", fmt.Errorf("no cache folder for Delve: %w; set XDG_CACHE_HOME or pass --dlv", err)
		}
		base = d
	}
	return filepath.Join(base, "packer-plugin-dev", "dlv-"+DelveVersion), nil
}

// Ensure returns the pinned dlv, installing it into CacheDir with
// `go install github.com/go-delve/delve/cmd/dlv@v1.27.2` when it is not
// there yet; the go command's output goes to out.
func Ensure(ctx context.Context, getenv func(string) string, out io.Writer) (string, error) {
	dir, err := CacheDir(getenv)
	if err != nil {
		return "", err
	}
	dlv := filepath.Join(dir, exe("dlv"))
	if fi, err := os.Stat(dlv); err == nil && fi.Mode().IsRegular() {
		return dlv, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	pkg := DelveModule + "/cmd/dlv@" + DelveVersion
	fmt.Fprintf(out, "installing Delve %s (go install %s)\n", DelveVersion, pkg)
	cmd := exec.CommandContext(ctx, "go", "install", pkg)
	// Outside any module, so the project's go.mod plays no part.
	cmd.Dir = os.TempDir()
	cmd.Env = append(os.Environ(), "GOBIN="+dir, "GOFLAGS=", "GO111MODULE=on")
	cmd.Stdout, cmd.Stderr = out, out
	if err := scratch.RunGo(cmd); err != nil {
		return "", fmt.Errorf("go install %s failed (%v): check that the Go module proxy is reachable, or pass --dlv PATH", pkg, err)
	}
	if _, err := os.Stat(dlv); err != nil {
		return "", fmt.Errorf("go install %s wrote no %s: %w", pkg, dlv, err)
	}
	return dlv, nil
}

func exe(name string) string {
	if runtime.GOOS == "windows" {
		return name + ".exe"
	}
	return name
}

// Args are dlv's arguments to run bin with args under a headless server
// that listens on listen and accepts several clients one after another
// (the IDE, a script, the IDE again). Delve writes its own messages, the
// "API server listening at:" line among them, to file descriptor logFD
// instead of stdout, which stays the plugin's: the handshake must be its
// first line. Unless cont, the plugin waits stopped at its entry until a
// client continues it.
func Args(listen string, logFD int, cont bool, bin string, args ...string) []string {
	a := []string{"exec", bin, "--headless", "--api-version=2", "--accept-multiclient",
		"--listen=" + listen, "--log-dest=" + strconv.Itoa(logFD)}
	if cont {
		a = append(a, "--continue")
	}
	return append(append(a, "--"), args...)
}

// Free is listen when nothing listens there now, else the same host with
// port 0, where Delve takes a free port (WaitListening tells which): a
// run's processes may overlap (the conformance runner keeps a component's
// setup process alive while its scenarios run), and the first keeps the
// address the IDE was told.
func Free(listen string) string {
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		host, _, serr := net.SplitHostPort(listen)
		if serr != nil {
			return listen
		}
		return net.JoinHostPort(host, "0")
	}
	ln.Close()
	return listen
}

// listeningPrefix starts the line Delve writes once its server listens
// (pkg/logflags WriteAPIListeningMessage).
const listeningPrefix = "API server listening at: "

// ErrNoListen is returned by WaitListening when Delve's log ended without
// the line: Delve failed to start (its reason is in the lines returned).
var ErrNoListen = errors.New("delve exited before listening")

// WaitListening reads Delve's log until the "API server listening at:"
// line and returns the address; the lines before it are returned in the
// error when the log ends first. The rest of the log is left unread in r.
func WaitListening(r *bufio.Reader) (string, error) {
	var seen []string
	for {
		line, err := r.ReadString('\n')
		line = strings.TrimRight(line, "\r\n")
		if addr, ok := strings.CutPrefix(line, listeningPrefix); ok {
			return strings.TrimSpace(addr), nil
		}
		if line != "" {
			seen = append(seen, line)
		}
		if err != nil {
			if len(seen) == 0 {
				return "", ErrNoListen
			}
			return "", fmt.Errorf("%w: %s", ErrNoListen, strings.Join(seen, "; "))
		}
	}
}

// Drain reads r to its end in the background, so Delve never blocks
// writing its log.
func Drain(r io.Reader) { go func() { _, _ = io.Copy(io.Discard, r) }() }
