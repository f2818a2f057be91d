//go:build linux

package observe

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
)

// sandbox is the world one helper run sees: its cwd, TMPDIR and HOME, a
// directory standing for "anywhere else on the machine", a closed port and
// a live HTTP server.
type sandbox struct {
	cwd, tmp, home, outside string
	closedAddr              string
	url, urlAddr            string
	unixSock                string // a listening unix socket
}

func newSandbox(t *testing.T) *sandbox {
	t.Helper()
	real := func(p string) string {
		r, err := filepath.EvalSymlinks(p)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	root := real(t.TempDir())
	sb := &sandbox{
		cwd:     filepath.Join(root, "cwd"),
		tmp:     filepath.Join(root, "tmp"),
		home:    filepath.Join(root, "home"),
		outside: real(t.TempDir()),
	}
	for _, d := range []string{sb.cwd, sb.tmp, sb.home} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	sb.closedAddr = l.Addr().String()
	l.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "hi") }))
	t.Cleanup(srv.Close)
	sb.url = srv.URL
	sb.urlAddr = strings.TrimPrefix(srv.URL, "http://")
	sb.unixSock = filepath.Join(sb.outside, "s.sock")
	ul, err := net.Listen("unix", sb.unixSock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ul.Close() })
	go func() {
		for {
			c, err := ul.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	return sb
}

// want describes one expected event; empty fields are not compared.
type want struct {
	Kind          EventKind
	Op, Syscall   string
	Path, NewPath string
	Addr, Proto   string
	Failed        bool          // Result must be negative
	Errno         syscall.Errno // and be this errno
	OK            bool          // Result must be 0 or more
}

func (w want) matches(e Event) bool {
	eq := func(want, got string) bool { return want == "" || want == got }
	return w.Kind == e.Kind && eq(w.Op, e.Op) && eq(w.Syscall, e.Syscall) &&
		eq(w.Path, e.Path) && eq(w.NewPath, e.NewPath) && eq(w.Addr, e.Addr) &&
		eq(w.Proto, e.Proto) && (!w.Failed || e.Result < 0) && (!w.OK || e.Result >= 0) &&
		(w.Errno == 0 || e.Result == -int64(w.Errno))
}

type scenarioCase struct {
	name  string
	setup func(sb *sandbox) error
	// traced and snapshot list every event expected in phase "act"; any
	// other event fails the test. snapshot == nil: not a file scenario.
	traced   func(sb *sandbox) []want
	snapshot func(sb *sandbox) []want
}

func existing(sb *sandbox) error { return os.WriteFile(sb.cwd+"/existing.txt", []byte("x"), 0o644) }

func fileWants(ws ...want) func(*sandbox) []want { return func(*sandbox) []want { return ws } }

var scenarioCases = []scenarioCase{
	{
		name: "create-cwd",
		traced: func(sb *sandbox) []want {
			return []want{{Kind: File, Op: "create", Syscall: "openat", Path: sb.cwd + "/created.txt"}}
		},
		snapshot: func(sb *sandbox) []want { return []want{{Kind: File, Op: "create", Path: sb.cwd + "/created.txt"}} },
	},
	{
		name: "create-tmp",
		traced: func(sb *sandbox) []want {
			return []want{{Kind: File, Op: "create", Syscall: "openat", Path: sb.tmp + "/tmp.txt"}}
		},
		snapshot: func(sb *sandbox) []want { return []want{{Kind: File, Op: "create", Path: sb.tmp + "/tmp.txt"}} },
	},
	{
		name: "create-home",
		traced: func(sb *sandbox) []want {
			return []want{{Kind: File, Op: "create", Syscall: "openat", Path: sb.home + "/home.txt"}}
		},
		snapshot: func(sb *sandbox) []want { return []want{{Kind: File, Op: "create", Path: sb.home + "/home.txt"}} },
	},
	{
		name: "create-abs",
		traced: func(sb *sandbox) []want {
			return []want{{Kind: File, Op: "create", Syscall: "openat", Path: sb.outside + "/outside.txt"}}
		},
		snapshot: func(sb *sandbox) []want { return []want{{Kind: File, Op: "create", Path: sb.outside + "/outside.txt"}} },
	},
	{
		name: "create-delete",
		traced: func(sb *sandbox) []want {
			return []want{
				{Kind: File, Op: "create", Syscall: "openat", Path: sb.cwd + "/ephemeral.txt"},
				{Kind: File, Op: "remove", Syscall: "unlinkat", Path: sb.cwd + "/ephemeral.txt"},
			}
		},
		// A file that is gone again by the checkpoint is invisible to a
		// snapshot diff: that is why tracing exists.
		snapshot: fileWants(),
	},
	{
		name:  "rename",
		setup: func(sb *sandbox) error { return os.WriteFile(sb.cwd+"/old.txt", nil, 0o644) },
		traced: func(sb *sandbox) []want {
			return []want{{Kind: File, Op: "rename", Syscall: "renameat", Path: sb.cwd + "/old.txt", NewPath: sb.cwd + "/new.txt"}}
		},
		snapshot: func(sb *sandbox) []want {
			return []want{{Kind: File, Op: "remove", Path: sb.cwd + "/old.txt"}, {Kind: File, Op: "create", Path: sb.cwd + "/new.txt"}}
		},
	},
	{
		name: "mkdir",
		traced: func(sb *sandbox) []want {
			return []want{{Kind: File, Op: "mkdir", Syscall: "mkdirat", Path: sb.cwd + "/made"}}
		},
		snapshot: func(sb *sandbox) []want { return []want{{Kind: File, Op: "mkdir", Path: sb.cwd + "/made"}} },
	},
	{
		name: "connect-closed",
		traced: func(sb *sandbox) []want {
			return []want{{Kind: Network, Op: "connect", Syscall: "connect", Proto: "tcp", Addr: sb.closedAddr, Errno: syscall.ECONNREFUSED}}
		},
	},
	{
		name: "dns-connect",
		traced: func(sb *sandbox) []want {
			return []want{{Kind: Network, Op: "dns", Syscall: "connect", Proto: "udp", Addr: "127.0.0.1:53"}}
		},
	},
	{
		name: "dns-sendto",
		traced: func(sb *sandbox) []want {
			return []want{{Kind: Network, Op: "dns", Syscall: "sendto", Proto: "udp", Addr: "127.0.0.1:53"}}
		},
	},
	{
		name: "http",
		traced: func(sb *sandbox) []want {
			return []want{{Kind: Network, Op: "connect", Syscall: "connect", Proto: "tcp", Addr: sb.urlAddr, OK: true}}
		},
	},
	{
		name: "child",
		traced: func(sb *sandbox) []want {
			return []want{{Kind: Process, Op: "fork"}, {Kind: Process, Op: "exec", Syscall: "execve", Path: "/bin/true"}}
		},
	},
	{
		name: "grandchild",
		traced: func(sb *sandbox) []want {
			return []want{
				{Kind: Process, Op: "fork"},
				{Kind: Process, Op: "exec", Path: "/bin/sh"},
				{Kind: Process, Op: "exec", Path: "/bin/touch"},
				{Kind: File, Op: "create", Path: sb.cwd + "/grand.txt"},
			}
		},
		snapshot: func(sb *sandbox) []want { return []want{{Kind: File, Op: "create", Path: sb.cwd + "/grand.txt"}} },
	},
	{
		name: "threads",
		traced: func(sb *sandbox) []want {
			var ws []want
			for i := range threadFiles {
				ws = append(ws, want{Kind: File, Op: "create", Syscall: "openat", Path: fmt.Sprintf("%s/t%02d.txt", sb.cwd, i)})
			}
			return ws
		},
		snapshot: func(sb *sandbox) []want {
			var ws []want
			for i := range threadFiles {
				ws = append(ws, want{Kind: File, Op: "create", Path: fmt.Sprintf("%s/t%02d.txt", sb.cwd, i)})
			}
			return ws
		},
	},
	{
		name: "exec-missing",
		traced: func(sb *sandbox) []want {
			return []want{{Kind: Process, Op: "fork"}, {Kind: Process, Op: "exec", Syscall: "execve", Path: "/nonexistent/prog", Errno: syscall.ENOENT}}
		},
	},
	{
		name: "exec-from-thread",
		traced: func(sb *sandbox) []want {
			// The new program is still traced: its file is seen.
			return []want{
				{Kind: Process, Op: "exec", Syscall: "execve", Path: "/bin/sh", OK: true},
				{Kind: File, Op: "create", Path: sb.cwd + "/by-sh.txt"},
			}
		},
	},
	{
		name:  "truncate",
		setup: existing,
		traced: func(sb *sandbox) []want {
			return []want{{Kind: File, Op: "truncate", Syscall: "truncate", Path: sb.cwd + "/existing.txt"}}
		},
		snapshot: func(sb *sandbox) []want { return []want{{Kind: File, Op: "write", Path: sb.cwd + "/existing.txt"}} },
	},
	{
		name:  "write-existing",
		setup: existing,
		traced: func(sb *sandbox) []want {
			return []want{{Kind: File, Op: "write", Syscall: "openat", Path: sb.cwd + "/existing.txt"}}
		},
		snapshot: func(sb *sandbox) []want { return []want{{Kind: File, Op: "write", Path: sb.cwd + "/existing.txt"}} },
	},
	{
		name:  "symlink",
		setup: existing,
		traced: func(sb *sandbox) []want {
			return []want{{Kind: File, Op: "symlink", Syscall: "symlinkat", Path: sb.cwd + "/link", NewPath: "existing.txt"}}
		},
		snapshot: func(sb *sandbox) []want { return []want{{Kind: File, Op: "create", Path: sb.cwd + "/link"}} },
	},
	{
		name:  "chmod",
		setup: existing,
		traced: func(sb *sandbox) []want {
			return []want{{Kind: File, Op: "chmod", Syscall: "fchmodat", Path: sb.cwd + "/existing.txt"}}
		},
		snapshot: func(sb *sandbox) []want { return []want{{Kind: File, Op: "chmod", Path: sb.cwd + "/existing.txt"}} },
	},
	{
		name:  "rmdir",
		setup: func(sb *sandbox) error { return os.Mkdir(sb.cwd+"/dir", 0o755) },
		traced: func(sb *sandbox) []want {
			return []want{
				{Kind: File, Op: "remove", Syscall: "unlinkat", Path: sb.cwd + "/dir", Errno: syscall.EISDIR},
				{Kind: File, Op: "rmdir", Syscall: "unlinkat", Path: sb.cwd + "/dir"},
			}
		},
		snapshot: func(sb *sandbox) []want { return []want{{Kind: File, Op: "rmdir", Path: sb.cwd + "/dir"}} },
	},
	{
		name:  "dirfd",
		setup: func(sb *sandbox) error { return os.Mkdir(sb.cwd+"/dir", 0o755) },
		traced: func(sb *sandbox) []want {
			return []want{{Kind: File, Op: "create", Syscall: "openat", Path: sb.cwd + "/dir/rel.txt"}}
		},
		snapshot: func(sb *sandbox) []want { return []want{{Kind: File, Op: "create", Path: sb.cwd + "/dir/rel.txt"}} },
	},
	{
		name: "unix-connect",
		traced: func(sb *sandbox) []want {
			return []want{{Kind: Network, Op: "connect", Syscall: "connect", Proto: "unix", Addr: sb.unixSock}}
		},
	},
	{
		name:   "signal",
		traced: fileWants(),
	},
	{
		name:     "readonly",
		traced:   fileWants(),
		snapshot: fileWants(),
	},
}

func TestScenarios(t *testing.T) {
	for _, mode := range []Mode{ModeSeccomp, ModePtrace, ModeSnapshot} {
		t.Run(string(mode), func(t *testing.T) {
			if !slices.Contains(Available(), mode) {
				t.Skipf("mode %s is not available here (available: %v)", mode, Available())
			}
			t.Parallel()
			for _, sc := range scenarioCases {
				wants := sc.traced
				if mode == ModeSnapshot {
					wants = sc.snapshot
				}
				if wants == nil {
					continue
				}
				t.Run(sc.name, func(t *testing.T) {
					sb := newSandbox(t)
					if sc.setup != nil {
						if err := sc.setup(sb); err != nil {
							t.Fatal(err)
						}
					}
					evs := runScenario(t, mode, sc.name, sb)
					checkEvents(t, evs, wants(sb))
				})
			}
		})
	}
}

// runScenario runs one helper scenario in phases: "start" until the helper
// is told to act, "act" until it says it is done, "end" until it exits.
func runScenario(t *testing.T, mode Mode, name string, sb *sandbox) []Event {
	t.Helper()
	var phase atomic.Value
	phase.Store("start")
	cmd := helperCmd(name, sb)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	s, err := Start(cmd, Options{
		Mode:          mode,
		Phase:         func() Phase { return Phase{Call: phase.Load().(string), Index: -1} },
		SnapshotRoots: []string{sb.cwd, sb.tmp, sb.home, sb.outside},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Kill()
	if s.Mode() != mode {
		t.Fatalf("Mode() = %s, want %s", s.Mode(), mode)
	}
	s.Checkpoint(Phase{Call: "start", Index: -1})
	phase.Store("act")
	fmt.Fprintln(stdin, "go")
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if line != "ok\n" {
		s.Kill()
		s.Wait()
		t.Fatalf("helper %s answered %q (%v); stderr:\n%s", name, line, err, stderr.String())
	}
	s.Checkpoint(Phase{Call: "act", Index: -1})
	phase.Store("end")
	stdin.Close()
	if err := s.Wait(); err != nil {
		t.Fatalf("helper %s: %v; stderr:\n%s", name, err, stderr.String())
	}
	if code, sig, exited := s.ExitState(); code != 0 || sig != "" || !exited {
		t.Errorf("ExitState() = %d, %q, %v; want 0, \"\", true", code, sig, exited)
	}
	waitTracerDone(t, s)
	return s.Events()
}

func helperCmd(name string, sb *sandbox) *exec.Cmd {
	cmd := exec.Command(os.Args[0])
	cmd.Dir = sb.cwd
	cmd.Env = append(os.Environ(),
		helperEnv+"="+name,
		"HOME="+sb.home,
		"TMPDIR="+sb.tmp,
		"OBSERVE_OUTSIDE="+sb.outside+"/outside.txt",
		"OBSERVE_ADDR="+sb.closedAddr,
		"OBSERVE_URL="+sb.url,
		"OBSERVE_UNIX="+sb.unixSock,
	)
	return cmd
}

// checkEvents requires every wanted event, in phase "act", and nothing else.
func checkEvents(t *testing.T, evs []Event, wants []want) {
	t.Helper()
	var dump strings.Builder
	for _, e := range evs {
		fmt.Fprintf(&dump, "\n\t%s", e)
	}
	t.Logf("events:%s", dump.String())
	for _, w := range wants {
		found := false
		for _, e := range evs {
			if w.matches(e) {
				found = true
				if e.Call != "act" {
					t.Errorf("event %s happened in phase act, recorded in phase %q", e, e.Call)
				}
			}
		}
		if !found {
			t.Errorf("no event matches %+v; events:%s", w, dump.String())
		}
	}
	for _, e := range evs {
		if !slices.ContainsFunc(wants, func(w want) bool { return w.matches(e) }) {
			t.Errorf("unexpected event %s; events:%s", e, dump.String())
		}
		if e.Time.IsZero() || e.PID == 0 {
			t.Errorf("event %s lacks its time or pid: %+v", e, e)
		}
	}
}

// TestKillTree kills a process whose child ignores SIGTERM: both must be gone.
func TestKillTree(t *testing.T) {
	for _, mode := range Available() {
		t.Run(string(mode), func(t *testing.T) {
			t.Parallel()
			sb := newSandbox(t)
			cmd := helperCmd("stubborn", sb)
			stdin, err := cmd.StdinPipe()
			if err != nil {
				t.Fatal(err)
			}
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			s, err := Start(cmd, Options{Mode: mode})
			if err != nil {
				t.Fatal(err)
			}
			in := bufio.NewReader(stdout)
			fmt.Fprintln(stdin, "go")
			var child int
			line, _ := in.ReadString('\n')
			if _, err := fmt.Sscanf(line, "child %d\n", &child); err != nil {
				s.Kill()
				t.Fatalf("helper said %q, want \"child PID\"", line)
			}
			if line, _ := in.ReadString('\n'); line != "ready\n" {
				s.Kill()
				t.Fatalf("child said %q, want ready", line)
			}
			s.Kill()
			s.Kill() // twice is fine
			if err := s.Wait(); err == nil || err.Error() != "signal: killed" {
				t.Errorf("Wait() = %v, want signal: killed", err)
			}
			for _, pid := range []int{s.Pid(), child} {
				gone(t, pid)
			}
			waitTracerDone(t, s)
		})
	}
}

// waitTracerDone fails unless the tracer goroutine ends once the process
// tree is gone.
func waitTracerDone(t *testing.T, s *Session) {
	t.Helper()
	if s.tracer == nil {
		return
	}
	<-s.tracer.finished
}

// gone fails if pid still runs: Kill returns once what it killed has
// ended (a zombie waiting for a parent other than this process counts).
func gone(t *testing.T, pid int) {
	t.Helper()
	if Running(pid) {
		t.Errorf("pid %d still runs after Kill", pid)
	}
}
