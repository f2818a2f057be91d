//go:build linux

package observe

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os/exec"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
)

func TestBestModeIsTheFirstAvailable(t *testing.T) {
	avail := Available()
	if len(avail) == 0 || avail[len(avail)-1] != ModeSnapshot {
		t.Fatalf("Available() = %v, want a list ending with %s", avail, ModeSnapshot)
	}
	sb := newSandbox(t)
	s, err := Start(helperCmd("exit3", sb), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Kill()
	if s.Mode() != avail[0] {
		t.Errorf("Mode() = %s with Options.Mode empty, want the best available %s", s.Mode(), avail[0])
	}
	s.Wait()
	waitTracerDone(t, s)
}

func TestExitStatus(t *testing.T) {
	for _, mode := range Available() {
		t.Run(string(mode), func(t *testing.T) {
			s, err := Start(helperCmd("exit3", newSandbox(t)), Options{Mode: mode})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Kill()
			if _, _, exited := s.ExitState(); exited {
				select {
				case <-s.Done():
				default:
					t.Error("ExitState() says exited before Done() is closed")
				}
			}
			err = s.Wait()
			var exitErr *ExitError
			if !errors.As(err, &exitErr) || err.Error() != "exit status 3" {
				t.Errorf("Wait() = %v, want exit status 3", err)
			}
			if code, sig, exited := s.ExitState(); code != 3 || sig != "" || !exited {
				t.Errorf("ExitState() = %d, %q, %v; want 3, \"\", true", code, sig, exited)
			}
			if err2 := s.Wait(); err2 != err {
				t.Errorf("second Wait() = %v, want the same %v", err2, err)
			}
			waitTracerDone(t, s)
		})
	}
}

// TestIgnore drops the events the caller says are its own, like the
// harness does with its RPC socket.
func TestIgnore(t *testing.T) {
	for _, mode := range Available() {
		if mode == ModeSnapshot {
			continue
		}
		t.Run(string(mode), func(t *testing.T) {
			sb := newSandbox(t)
			cmd := helperCmd("unix-connect", sb)
			stdin, _ := cmd.StdinPipe()
			stdout, _ := cmd.StdoutPipe()
			s, err := Start(cmd, Options{Mode: mode, Ignore: func(e Event) bool { return e.Addr == sb.unixSock }})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Kill()
			fmt.Fprintln(stdin, "go")
			if line, _ := bufio.NewReader(stdout).ReadString('\n'); line != "ok\n" {
				t.Fatalf("helper answered %q", line)
			}
			stdin.Close()
			if err := s.Wait(); err != nil {
				t.Fatal(err)
			}
			if evs := s.Events(); len(evs) != 0 {
				t.Errorf("Events() = %v, want none: the only one was ignored", evs)
			}
		})
	}
}

func TestStartErrors(t *testing.T) {
	_, err := Start(exec.Command("/bin/true"), Options{Mode: "strace"})
	if err == nil || !strings.Contains(err.Error(), `unknown mode "strace"`) || !strings.Contains(err.Error(), string(ModePtrace)) {
		t.Errorf("Start with an unknown mode: %v, want an error naming it and the valid ones", err)
	}
	for _, mode := range Available() {
		t.Run(string(mode), func(t *testing.T) {
			_, err := Start(exec.Command("/nonexistent/plugin"), Options{Mode: mode})
			if err == nil || !strings.Contains(err.Error(), "/nonexistent/plugin") {
				t.Errorf("Start of a missing binary: %v, want an error naming it", err)
			}
			cmd := helperCmd("exit3", newSandbox(t))
			s, err := Start(cmd, Options{Mode: mode})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Wait()
			if _, err := Start(cmd, Options{Mode: mode}); err == nil || !strings.Contains(err.Error(), "already started") {
				t.Errorf("Start of a started command: %v, want an error saying so", err)
			}
		})
	}
}

// TestOtherChildrenAreLeftAlone starts an ordinary child with os/exec from
// the goroutine that then starts a traced one: the tracer must not reap the
// ordinary child (the thread the tracer locks may be the one that forked it).
func TestOtherChildrenAreLeftAlone(t *testing.T) {
	for _, mode := range Available() {
		if mode == ModeSnapshot {
			continue
		}
		t.Run(string(mode), func(t *testing.T) {
			for range 20 {
				other := exec.Command("sleep", "0.01")
				if err := other.Start(); err != nil {
					t.Fatal(err)
				}
				s, err := Start(helperCmd("exit3", newSandbox(t)), Options{Mode: mode})
				if err != nil {
					t.Fatal(err)
				}
				s.Wait()
				waitTracerDone(t, s)
				if err := other.Wait(); err != nil {
					t.Fatalf("os/exec lost its child to the tracer: %v", err)
				}
			}
		})
	}
}

// TestSetsid keeps a caller's new session: the process is then its own
// group already, and asking for another one would make the start fail.
func TestSetsid(t *testing.T) {
	for _, mode := range Available() {
		t.Run(string(mode), func(t *testing.T) {
			cmd := helperCmd("exit3", newSandbox(t))
			cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
			s, err := Start(cmd, Options{Mode: mode})
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Wait(); err == nil || err.Error() != "exit status 3" {
				t.Errorf("Wait() = %v, want exit status 3", err)
			}
		})
	}
}

// TestPhaseBoundary writes one file before the phase changes and one after:
// each must carry its own phase.
func TestPhaseBoundary(t *testing.T) {
	for _, mode := range Available() {
		t.Run(string(mode), func(t *testing.T) {
			sb := newSandbox(t)
			cmd := helperCmd("create-cwd", sb)
			cmd.Env = append(cmd.Env, "OBSERVE_PRE=1")
			stdin, _ := cmd.StdinPipe()
			stdout, _ := cmd.StdoutPipe()
			var phase atomic.Value
			phase.Store("start")
			s, err := Start(cmd, Options{Mode: mode, Phase: func() Phase { return Phase{Call: phase.Load().(string), Index: -1} }, SnapshotRoots: []string{sb.cwd}})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Kill()
			out := bufio.NewReader(stdout)
			if line, _ := out.ReadString('\n'); line != "pre\n" {
				t.Fatalf("helper said %q, want pre", line)
			}
			s.Checkpoint(Phase{Call: "start", Index: -1})
			phase.Store("act")
			fmt.Fprintln(stdin, "go")
			if line, _ := out.ReadString('\n'); line != "ok\n" {
				t.Fatalf("helper said %q, want ok", line)
			}
			s.Checkpoint(Phase{Call: "act", Index: -1})
			stdin.Close()
			if err := s.Wait(); err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, e := range s.Events() {
				got[e.Path] = e.Call
			}
			for path, want := range map[string]string{sb.cwd + "/pre.txt": "start", sb.cwd + "/created.txt": "act"} {
				if got[path] != want {
					t.Errorf("%s recorded in phase %q, want %q (events %v)", path, got[path], want, s.Events())
				}
			}
		})
	}
}

// TestRedirect sends a connect to a closed port to a listener instead: the
// process reaches the listener, and the event keeps where it meant to go
// and where it went.
func TestRedirect(t *testing.T) {
	for _, mode := range Available() {
		if mode == ModeSnapshot {
			continue
		}
		t.Run(string(mode), func(t *testing.T) {
			sb := newSandbox(t)
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			defer ln.Close()
			target := netip.MustParseAddrPort(ln.Addr().String())
			cmd := helperCmd("dial-and-say", sb)
			stdin, _ := cmd.StdinPipe()
			s, err := Start(cmd, Options{Mode: mode, Redirect: func(e Event) (netip.AddrPort, bool) {
				return target, e.Addr == sb.closedAddr
			}})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Kill()
			fmt.Fprintln(stdin, "go")
			conn, err := ln.Accept()
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			if line, _ := bufio.NewReader(conn).ReadString('\n'); line != "hello\n" {
				t.Fatalf("the listener read %q, want the helper's hello", line)
			}
			stdin.Close()
			if err := s.Wait(); err != nil {
				t.Fatal(err)
			}
			var connects []Event
			for _, e := range s.Events() {
				if e.Op == "connect" {
					connects = append(connects, e)
				}
			}
			if len(connects) != 1 || connects[0].Addr != sb.closedAddr || connects[0].RedirectedTo != target.String() {
				t.Fatalf("connect events = %v, want one to %s redirected to %s", connects, sb.closedAddr, target)
			}
		})
	}
}
