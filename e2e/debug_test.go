package e2e

import (
	"bufio"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/packer-plugin-dev/packer-plugin-dev/internal/debugger"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/packertest"
)

// breakFlags are the breakpoints the debug tests set in a generated
// builder: its Prepare (core's Configure of a builder), by name, and the
// line of the step its Run runs just after the step read its
// configuration, by file and line.
// TestDebugInterrupted: Ctrl-C while a plugin process waits under Delve
// for the IDE ends the run with exit status 130, and Delve, the plugin and
// everything they started with it.
func TestDebugInterrupted(t *testing.T) {
	endToEnd(t)
	g := generate(t, "builder", "foo")
	addr := debugAddr(t)
	cmd := exec.Command(cli(t), "debug", g.dir, "--listen", addr)
	cmd.Env = append(os.Environ(), "CI=true")
	s := startDebugSession(t, cmd)
	<-s.waiting
	c, err := debugger.Dial(context.Background(), addr)
	if err != nil {
		t.Fatalf("%v\n%s", err, s.output())
	}
	st, err := c.State(true)
	c.Close()
	if err != nil || st.Running || st.Exited {
		t.Fatalf("the plugin under Delve: %+v, %v; want it stopped at its entry", st, err)
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	err = cmd.Wait()
	close(s.done)
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 130 {
		t.Fatalf("debug after Ctrl-C: %v, want exit status 130\n%s", err, s.output())
	}
	requireNothingLeft(t, addr)
}

func breakFlags(t *testing.T, g *generated) []string {
	t.Helper()
	step := filepath.Join(g.dir, "builder", "foo", "step_write_file.go")
	src, err := os.ReadFile(step)
	if err != nil {
		t.Fatal(err)
	}
	line := 0
	for i, l := range strings.Split(string(src), "\n") {
		if strings.Contains(l, `ui := state.Get("ui")`) {
			line = i + 1
		}
	}
	if line == 0 {
		t.Fatalf("%s has no ui := state.Get(\"ui\") line to break at", step)
	}
	return []string{"--break", "foo.(*Builder).Prepare", "--break", step + ":" + strconv.Itoa(line)}
}

// TestDebugUnderHarness debugs a generated builder while the harness drives
// it: `debug PROJECT --break ...` runs each plugin process of the builder's
// main scenario under Delve; a script attached through Delve's JSON-RPC API
// sees both breakpoints hit, reads a variable at each, continues to the
// end; the command succeeds and leaves nothing running.
func TestDebugUnderHarness(t *testing.T) {
	endToEnd(t)
	g := generate(t, "builder", "foo")
	addr := debugAddr(t)
	cmd := exec.Command(cli(t), append([]string{"debug", g.dir, "--listen", addr}, breakFlags(t, g)...)...)
	cmd.Env = append(os.Environ(), "CI=true")
	s := startDebugSession(t, cmd)
	s.drive(t)
	out := s.wait(t)
	if !strings.Contains(out, "builder.run") || !strings.Contains(out, "PASS") {
		t.Errorf("the report does not show builder.run passed:\n%s", out)
	}
	s.requireHits(t)
	requireNothingLeft(t, addr)
}

// TestDebugInsidePacker debugs the same builder inside real Packer 1.16.0
// on the project's example template: `debug example/foo.pkr.hcl --break
// ...` installs the shim into a throw-away plugin folder and runs packer
// build; the script sees both breakpoints hit in the process Packer
// started, and the build finishes.
func TestDebugInsidePacker(t *testing.T) {
	endToEnd(t)
	packer, err := packertest.Binary()
	if err != nil {
		t.Fatal(err)
	}
	g := generate(t, "builder", "foo")
	addr := debugAddr(t)
	args := append([]string{"debug", "example/foo.pkr.hcl", "--packer", packer, "--listen", addr}, breakFlags(t, g)...)
	cmd := exec.Command(cli(t), args...)
	cmd.Dir = g.dir
	// The user's own Go caches and Delve; Packer's configuration apart.
	cmd.Env = append(os.Environ(), "CI=true", "CHECKPOINT_DISABLE=1", "PACKER_CONFIG_DIR="+t.TempDir())
	s := startDebugSession(t, cmd)
	s.drive(t)
	out := s.wait(t)
	if !strings.Contains(out, "Builds finished") && !strings.Contains(out, "finished after") {
		t.Errorf("packer build did not finish:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(g.dir, "foo-output.txt")); err != nil {
		t.Errorf("the build's file: %v", err)
	}
	s.requireHits(t)
	requireNothingLeft(t, addr)
}

// debugAddr is a loopback address free now, for Delve.
func debugAddr(t *testing.T) string {
	t.Helper()
	port, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	return "127.0.0.1:" + strconv.Itoa(port)
}

// debugSession is a running `debug` command and what the script saw.
type debugSession struct {
	cmd     *exec.Cmd
	ready   chan string   // an address each time a plugin process runs under Delve
	waiting chan struct{} // each time a plugin process waits at its entry
	mu      sync.Mutex
	stderr  strings.Builder
	stdout  strings.Builder
	hits    map[string]int    // function -> times stopped there
	values  map[string]string // function -> a variable read there
	started time.Time
	done    chan struct{}
}

func startDebugSession(t *testing.T, cmd *exec.Cmd) *debugSession {
	t.Helper()
	s := &debugSession{cmd: cmd, ready: make(chan string, 16), waiting: make(chan struct{}, 16), hits: map[string]int{}, values: map[string]string{}, done: make(chan struct{})}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	s.started = time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		select {
		case <-s.done:
		default:
			_ = cmd.Process.Signal(os.Interrupt)
			_ = cmd.Wait()
		}
	})
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			line := sc.Text()
			s.mu.Lock()
			s.stderr.WriteString(line + "\n")
			s.mu.Unlock()
			if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "running; attach at "); ok {
				s.ready <- strings.Fields(rest)[0]
			}
			if strings.HasPrefix(strings.TrimSpace(line), "waiting at its entry") {
				s.waiting <- struct{}{}
			}
		}
	}()
	go func() {
		defer wg.Done()
		b, _ := io.ReadAll(stdout)
		s.mu.Lock()
		s.stdout.Write(b)
		s.mu.Unlock()
	}()
	go func() { wg.Wait(); close(s.ready) }()
	return s
}

// drive attaches to every plugin process the command runs under Delve,
// each as it comes (a component's setup process lives on while its
// scenarios run), until the command's output ends: at each stop it
// records the function and reads a variable, then continues, until the
// process ends.
func (s *debugSession) drive(t *testing.T) {
	t.Helper()
	var wg sync.WaitGroup
	for addr := range s.ready {
		wg.Go(func() {
			c, err := debugger.Dial(context.Background(), addr)
			if err != nil {
				t.Errorf("%v\n%s", err, s.output())
				return
			}
			defer c.Close()
			st, err := c.State(false)
			for err == nil && !st.Exited {
				s.stopped(t, c, st)
				st, err = c.Continue()
			}
			t.Logf("plugin process at %s done after %v (%v)", addr, time.Since(s.started).Round(time.Millisecond), err)
		})
	}
	wg.Wait()
}

// stopped records where the process stopped and reads a variable there.
func (s *debugSession) stopped(t *testing.T, c *debugger.Client, st *debugger.State) {
	t.Helper()
	th := st.CurrentThread
	if th == nil || th.Function == nil {
		return
	}
	fn := th.Function.Name
	expr := map[string]string{
		"github.com/e2e/packer-plugin-foo/builder/foo.(*Builder).Prepare":   "len(raws)",
		"github.com/e2e/packer-plugin-foo/builder/foo.(*stepWriteFile).Run": "cfg.Content",
	}[fn]
	if expr == "" {
		t.Errorf("stopped in %s at %s:%d, not at a breakpoint of ours", fn, th.File, th.Line)
		return
	}
	v, err := c.Eval(expr)
	if err != nil {
		t.Errorf("in %s: %v", fn, err)
		return
	}
	s.mu.Lock()
	s.hits[fn]++
	s.values[fn] = v.Value
	s.mu.Unlock()
	t.Logf("stopped in %s at %s:%d after %v: %s = %s", fn, filepath.Base(th.File), th.Line, time.Since(s.started).Round(time.Millisecond), expr, v.Value)
}

// wait waits for the command and returns its stdout; it must succeed.
func (s *debugSession) wait(t *testing.T) string {
	t.Helper()
	err := s.cmd.Wait()
	close(s.done)
	if err != nil {
		t.Fatalf("debug: %v\n%s", err, s.output())
	}
	t.Logf("debug finished after %v", time.Since(s.started).Round(time.Millisecond))
	return s.stdout.String()
}

func (s *debugSession) output() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return "stdout:\n" + s.stdout.String() + "\nstderr:\n" + s.stderr.String()
}

// requireHits: both breakpoints were hit, and the variables read hold
// what the configuration gave.
func (s *debugSession) requireHits(t *testing.T) {
	t.Helper()
	prepare := "github.com/e2e/packer-plugin-foo/builder/foo.(*Builder).Prepare"
	run := "github.com/e2e/packer-plugin-foo/builder/foo.(*stepWriteFile).Run"
	if s.hits[prepare] == 0 || s.hits[run] == 0 {
		t.Fatalf("breakpoints hit: %v, want Prepare and stepWriteFile.Run\n%s", s.hits, s.output())
	}
	if n, err := strconv.Atoi(s.values[prepare]); err != nil || n < 1 {
		t.Errorf("len(raws) in Prepare = %q, want a count of configurations", s.values[prepare])
	}
	if s.values[run] == "" {
		t.Errorf("cfg.Content in Run = %q, want the configured content", s.values[run])
	}
	t.Logf("hits: %v; values: %v", s.hits, s.values)
}

// requireNothingLeft: no process of the run is alive (Delve, the plugin
// built for debugging, the shim), and Delve's address is free again.
func requireNothingLeft(t *testing.T, addr string) {
	t.Helper()
	procs, _ := filepath.Glob("/proc/[0-9]*/cmdline")
	for _, p := range procs {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		line := strings.ReplaceAll(string(b), "\x00", " ")
		if strings.Contains(line, "--listen="+addr) || strings.Contains(line, "packer-plugin-foo") {
			t.Errorf("still running: %s (%s)", line, filepath.Dir(p))
		}
	}
	if c, err := debugger.Dial(context.Background(), addr); err == nil {
		c.Close()
		t.Errorf("something still listens at %s", addr)
	}
}
