package harness

import (
	"context"
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestSandboxIsFreshAndRemovedEvenReadOnly(t *testing.T) {
	// t.TempDir() is too deep for the socket: a sandbox must be short.
	parent, err := os.MkdirTemp("", "sb")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(parent) })
	sb, err := newSandbox(parent)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(filepath.Base(sb.Root), sandboxPattern()) {
		t.Fatalf("sandbox %s is not named %s*", sb.Root, sandboxPattern())
	}
	for _, d := range []string{sb.Work, sb.Home, sb.Tmp} {
		if fi, err := os.Stat(d); err != nil || !fi.IsDir() || !strings.HasPrefix(d, sb.Root+string(filepath.Separator)) {
			t.Fatalf("sandbox folder %s: %v", d, err)
		}
	}
	// A plugin can leave a read-only tree behind.
	locked := filepath.Join(sb.Work, "locked")
	if err := os.MkdirAll(filepath.Join(locked, "deep"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(locked, "deep", "f"), []byte("x"), 0o444); err != nil {
		t.Fatal(err)
	}
	os.Chmod(filepath.Join(locked, "deep"), 0o555)
	os.Chmod(locked, 0o555)
	if l := Leftovers(); !slices.Contains(l.Paths, sb.Root) {
		t.Fatalf("Leftovers %v does not list the live sandbox %s", l.Paths, sb.Root)
	}
	if err := sb.remove(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(sb.Root); !os.IsNotExist(err) {
		t.Fatalf("sandbox still there: %v", err)
	}
	if l := Leftovers(); slices.Contains(l.Paths, sb.Root) {
		t.Fatalf("Leftovers still lists %s", sb.Root)
	}
}

func TestSandboxEnv(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", "/somewhere/else")
	t.Setenv(MagicCookieKey, "stale")
	sb := Sandbox{Root: "/sb", Work: "/sb/work", Home: "/sb/home", Tmp: "/sb/tmp"}
	env := sandboxEnv(sb, []string{"EXTRA=1"})
	got := map[string][]string{}
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		got[k] = append(got[k], v)
	}
	for k, want := range map[string]string{"HOME": "/sb/home", "TMPDIR": "/sb/tmp", "PWD": "/sb/work", "EXTRA": "1"} {
		if len(got[k]) != 1 || got[k][0] != want {
			t.Errorf("%s = %v, want [%s]", k, got[k], want)
		}
	}
	if _, ok := got["XDG_CONFIG_HOME"]; ok {
		t.Error("XDG_CONFIG_HOME leaks out of the sandbox")
	}
	if _, ok := got[MagicCookieKey]; ok {
		t.Error("a stale magic cookie from the environment is passed on")
	}
	if _, ok := got["PATH"]; !ok && os.Getenv("PATH") != "" {
		t.Error("the rest of the environment is not passed, as core passes it")
	}
}

func TestLeftoversListsAnnouncedSockets(t *testing.T) {
	path := filepath.Join(t.TempDir(), "packer-plugin-test")
	l, err := net.Listen("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	sockets.Store(path, true)
	if got := Leftovers(); !slices.Contains(got.Paths, path) {
		t.Fatalf("Leftovers %v does not list the socket %s", got.Paths, path)
	}
	l.Close() // unlinks the socket
	if got := Leftovers(); slices.Contains(got.Paths, path) {
		t.Fatalf("Leftovers still lists the removed socket: %v", got.Paths)
	}
}

// A deep TMPDIR (testscript's $WORK, macOS) leaves no room for the SDK's
// socket in the sandbox's TMPDIR: the harness falls back to /tmp and the
// plugin starts.
func TestDeepTempDirFallsBackForTheSocket(t *testing.T) {
	deep := filepath.Join(t.TempDir(), strings.Repeat("d", 90))
	if err := os.Mkdir(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TMPDIR", deep)
	p := start(t, KindPostProcessor, "good", Options{})
	if strings.HasPrefix(p.Sandbox().Root, deep) {
		t.Fatalf("sandbox %s is under the deep TMPDIR", p.Sandbox().Root)
	}
	if sock := p.Handshake().Address; !strings.HasPrefix(sock, p.Sandbox().Tmp+"/") || len(sock) > maxSocketPath() {
		t.Fatalf("socket %s (%d bytes) for sandbox %s", sock, len(sock), p.Sandbox().Root)
	}
	if err := configureHCL2(t, p, ""); err != nil {
		t.Fatal(err)
	}
	if l := Leftovers(); !slices.Contains(l.Paths, p.Sandbox().Root) {
		t.Errorf("Leftovers %v does not list the live fallback sandbox", l.Paths)
	}
}

// An explicit SandboxDir is used as given: too deep fails Start with the
// reason, before the plugin runs.
func TestDeepSandboxDirIsAnError(t *testing.T) {
	deep := filepath.Join(t.TempDir(), strings.Repeat("d", 90))
	if err := os.Mkdir(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	_, err := Start(context.Background(), misbehaveBin(t), Component{KindPostProcessor, "good"}, Options{SandboxDir: deep})
	var serr *StartError
	if !errors.As(err, &serr) || serr.Reason != "exec" || !strings.Contains(err.Error(), "unix socket") || !strings.Contains(err.Error(), "Options.SandboxDir") {
		t.Fatalf("Start: %v", err)
	}
	if left, _ := filepath.Glob(filepath.Join(deep, "*")); len(left) > 0 {
		t.Fatalf("left in SandboxDir: %v", left)
	}
}

// A sandbox left by a harness process that was killed (its pid is gone) is
// removed by the next one; one of a live process is left alone.
func TestStaleSandboxesRemoved(t *testing.T) {
	// Short, for the socket path (see TestSandboxIsFreshAndRemovedEvenReadOnly).
	parent, err := os.MkdirTemp("/tmp", "stale-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(parent) })
	cmd := exec.Command("true")
	if err = cmd.Run(); err != nil {
		t.Skip("no true(1) to make a dead pid")
	}
	dead := filepath.Join(parent, SandboxPrefix+strconv.Itoa(cmd.Process.Pid)+"-123")
	live := filepath.Join(parent, SandboxPrefix+strconv.Itoa(os.Getppid())+"-456")
	other := filepath.Join(parent, "unrelated-folder")
	for _, d := range []string{filepath.Join(dead, "tmp"), live, other} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	sb, err := newSandboxIn(parent)
	if err != nil {
		t.Fatal(err)
	}
	defer sb.remove()
	if _, err := os.Stat(dead); !os.IsNotExist(err) {
		t.Errorf("the dead process's sandbox is still there: %v", err)
	}
	for _, d := range []string{live, other} {
		if _, err := os.Stat(d); err != nil {
			t.Errorf("%s was removed: %v", d, err)
		}
	}
}
