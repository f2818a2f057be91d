package harness

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2/hcldec"
	"github.com/zclconf/go-cty/cty"

	"github.com/packer-plugin-dev/packer-plugin-dev/harness/internal/observe"
)

// start starts a misbehave component and closes it when the test ends,
// checking that Close removed everything.
func start(t *testing.T, kind Kind, name string, opts Options) *Plugin {
	t.Helper()
	p, err := Start(context.Background(), misbehaveBin(t), Component{kind, name}, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := p.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
		if _, err := os.Lstat(p.Sandbox().Root); !os.IsNotExist(err) {
			t.Errorf("sandbox %s still there after Close", p.Sandbox().Root)
		}
	})
	return p
}

// configureHCL2 does what core does for an HCL2 post-processor block
// `{ target = "<target>" }`: ConfigSpec, then Configure(injected, value).
func configureHCL2(t *testing.T, p *Plugin, target string) error {
	t.Helper()
	spec, err := p.ConfigSpec()
	if err != nil {
		t.Fatalf("ConfigSpec: %v", err)
	}
	val, err := ConformValue(spec, cty.ObjectVal(map[string]cty.Value{"target": cty.StringVal(target)}))
	if err != nil {
		t.Fatal(err)
	}
	return p.PostProcessor().Configure(HCL2Args(KindPostProcessor, DefaultCoreVars(), val)...)
}

func callNamed(t *testing.T, p *Plugin, name string) *Call {
	t.Helper()
	for _, c := range p.Calls() {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no %s call among %d calls", name, len(p.Calls()))
	return nil
}

func tracing(p *Plugin) bool { return p.TraceMode() != TraceSnapshot }

func TestDescribe(t *testing.T) {
	d, err := Describe(context.Background(), misbehaveBin(t))
	if err != nil {
		t.Fatal(err)
	}
	if d.Version != "0.3.1" || d.APIVersion != "x5.0" || d.ProtocolVersion != "v2" || d.SDKVersion == "" {
		t.Fatalf("describe: %+v", d)
	}
	for _, k := range Kinds {
		if !d.Has(Component{k, "good"}) {
			t.Errorf("describe lacks %s good", k)
		}
	}
	if !strings.HasPrefix(string(d.Raw), `{"version":"0.3.1"`) {
		t.Errorf("Raw = %q", d.Raw)
	}
	// A relative path is relative to the caller, not to the sandbox.
	wd, _ := os.Getwd()
	rel, err := filepath.Rel(wd, misbehaveBin(t))
	if err != nil {
		t.Fatal(err)
	}
	if d, err := Describe(context.Background(), rel); err != nil || d.Version != "0.3.1" {
		t.Errorf("Describe(%s): %v", rel, err)
	}
	if _, err := Describe(context.Background(), filepath.Join(t.TempDir(), "missing")); err == nil || !strings.Contains(err.Error(), "build the plugin first") {
		t.Errorf("Describe of a missing binary: %v", err)
	}
	if _, err := ParseDescription([]byte("version 1")); err == nil || !strings.Contains(err.Error(), "version 1") {
		t.Errorf("non-JSON describe: %v", err)
	}
}

// Every side effect in Configure is seen and attributed to Configure, and
// nothing to ConfigSpec or the start.
func TestSideEffectsAttributedToConfigure(t *testing.T) {
	outside := t.TempDir()
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closedAddr := closed.Addr().String()
	closed.Close() // nothing listens there now
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {}))
	defer srv.Close()

	cases := []sideEffect{
		{name: "writes-cwd", want: func(p *Plugin, e Event) bool {
			return e.Kind == EventFile && e.Path == filepath.Join(p.Sandbox().Work, "writes-cwd.txt")
		}},
		{name: "writes-tmp", want: func(p *Plugin, e Event) bool {
			return e.Kind == EventFile && e.Path == filepath.Join(p.Sandbox().Tmp, "writes-tmp.txt")
		}},
		{name: "writes-home", want: func(p *Plugin, e Event) bool {
			return e.Kind == EventFile && e.Path == filepath.Join(p.Sandbox().Home, ".writes-home")
		}},
		{name: "writes-abs", target: filepath.Join(outside, "abs.txt"), needsTrace: true, want: func(p *Plugin, e Event) bool {
			return e.Kind == EventFile && e.Path == filepath.Join(outside, "abs.txt")
		}},
		{name: "writes-deleted", needsTrace: true, want: func(p *Plugin, e Event) bool {
			return e.Kind == EventFile && e.Path == filepath.Join(p.Sandbox().Tmp, "writes-deleted.txt") && e.Op != "remove"
		}},
		{name: "tcp-closed-port", target: closedAddr, needsTrace: true, want: func(p *Plugin, e Event) bool {
			return e.Kind == EventNetwork && e.Op == "connect" && e.Addr == closedAddr && e.Result < 0
		}},
		{name: "http-request", target: srv.URL, needsTrace: true, want: func(p *Plugin, e Event) bool {
			return e.Kind == EventNetwork && e.Op == "connect" && e.Addr == strings.TrimPrefix(srv.URL, "http://")
		}},
		{name: "child-process", needsTrace: true, want: func(p *Plugin, e Event) bool {
			return e.Kind == EventProcess && e.Op == "exec" && e.Path == "/bin/sh"
		}},
	}
	for _, mode := range []TraceMode{TraceBest, TraceSnapshot} {
		for _, tc := range cases {
			tc.check(t, mode)
		}
	}
}

// sideEffect is a defect whose side effect in Configure must be seen.
type sideEffect struct {
	name, target string
	needsTrace   bool // snapshot mode only sees files inside the sandbox
	want         func(p *Plugin, e Event) bool
}

func (tc sideEffect) check(t *testing.T, mode TraceMode) {
	{
		t.Run(modeName(mode)+"/"+tc.name, func(t *testing.T) {
			p := start(t, KindPostProcessor, tc.name, Options{Trace: mode})
			if tc.needsTrace && !tracing(p) {
				t.Skipf("needs syscall tracing; this run observes in %s mode", p.TraceMode())
			}
			if err := configureHCL2(t, p, tc.target); err != nil {
				t.Fatalf("Configure: %v", err)
			}
			cfg := callNamed(t, p, "Configure")
			found := false
			for _, e := range cfg.Events {
				if e.Call != "Configure" || e.CallIndex != cfg.Index {
					t.Errorf("event %v in Configure's list is attributed to %s/%d", e, e.Call, e.CallIndex)
				}
				found = found || tc.want(p, e)
			}
			if !found {
				t.Errorf("%s: the side effect was not seen in Configure (%s mode); Configure events: %v; all: %v",
					tc.name, p.TraceMode(), cfg.Events, p.Events())
			}
			if ev := callNamed(t, p, "ConfigSpec").Events; len(ev) != 0 {
				t.Errorf("ConfigSpec has side effects %v", ev)
			}
			for _, e := range p.Events() {
				if tc.want(p, e) && e.Call != "Configure" {
					t.Errorf("side effect %v attributed to %s", e, e.Call)
				}
			}
		})
	}
}

func modeName(m TraceMode) string {
	if m == TraceBest {
		return "best"
	}
	return string(m)
}

// The well-behaved component of each kind, driven through every method the
// way core drives it, produces no side effect and no error.
func TestGoodComponentsHaveNoFinding(t *testing.T) {
	vars := DefaultCoreVars()
	run := map[Kind]func(t *testing.T, p *Plugin, val cty.Value){
		KindBuilder: func(t *testing.T, p *Plugin, val cty.Value) {
			b := p.Builder()
			generated, _, err := b.Prepare(HCL2Args(KindBuilder, vars, val)...)
			if err != nil || len(generated) != 1 || generated[0] != "Greeting" {
				t.Fatalf("Prepare: %v %v", generated, err)
			}
			ui, hook := &UI{}, &Hook{}
			a, err := b.Run(context.Background(), ui, hook)
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			if id := a.Id(); id != "built" {
				t.Errorf("artifact id %q", id)
			}
			if len(hook.Calls()) != 1 || hook.Calls()[0].Name != "packer_provision" {
				t.Errorf("hook calls %+v", hook.Calls())
			}
			if says := ui.MessagesOf(UIKindSay); len(says) != 1 || says[0].Text != "building harness" {
				t.Errorf("ui %+v", ui.Messages())
			}
		},
		KindPostProcessor: func(t *testing.T, p *Plugin, val cty.Value) {
			pp := p.PostProcessor()
			if err := pp.Configure(HCL2Args(KindPostProcessor, vars, val)...); err != nil {
				t.Fatalf("Configure: %v", err)
			}
			in, err := NewFileArtifact(filepath.Join(p.Sandbox().Artifacts, "in"), map[string][]byte{"a": []byte("a")})
			if err != nil {
				t.Fatal(err)
			}
			ui := &UI{}
			out, keep, force, err := pp.PostProcess(context.Background(), ui, in)
			if err != nil || !keep || force || out == nil {
				t.Fatalf("PostProcess: %v %v %v %v", out, keep, force, err)
			}
			if _, ok := out.(*RemoteArtifact); !ok || out.Id() != "pp-in" {
				t.Errorf("returned artifact %T", out)
			}
			if p.LastCall().Name != "Artifact.Id" {
				t.Errorf("artifact method not recorded: last call %s", p.LastCall().Name)
			}
		},
		KindProvisioner: func(t *testing.T, p *Plugin, val cty.Value) {
			pr := p.Provisioner()
			if err := pr.Prepare(HCL2Args(KindProvisioner, vars, val)...); err != nil {
				t.Fatalf("Prepare: %v", err)
			}
			comm := &Communicator{}
			if err := pr.Provision(context.Background(), &UI{}, comm, map[string]any{}); err != nil {
				t.Fatalf("Provision: %v", err)
			}
			if c := comm.Commands(); len(c) != 1 || c[0].Command != "echo hello" {
				t.Errorf("commands %+v", c)
			}
		},
		KindDatasource: func(t *testing.T, p *Plugin, val cty.Value) {
			ds := p.Datasource()
			if err := ds.Configure(HCL2Args(KindDatasource, vars, val)...); err != nil {
				t.Fatalf("Configure: %v", err)
			}
			spec, err := p.OutputSpec()
			if err != nil || spec["greeting"] == nil {
				t.Fatalf("OutputSpec: %v %v", spec, err)
			}
			v, err := ds.Execute()
			if err != nil || v.GetAttr("greeting").AsString() != "hello world" {
				t.Fatalf("Execute: %#v %v", v, err)
			}
		},
	}
	for _, mode := range []TraceMode{TraceBest, TraceSnapshot} {
		for _, k := range Kinds {
			goodCase(t, mode, k, run[k])
		}
	}
}

func goodCase(t *testing.T, mode TraceMode, k Kind, run func(t *testing.T, p *Plugin, val cty.Value)) {
	t.Run(modeName(mode)+"/"+string(k), func(t *testing.T) {
		p := start(t, k, "good", Options{Trace: mode})
		spec, err := p.ConfigSpec()
		if err != nil {
			t.Fatal(err)
		}
		val, err := ConformValue(spec, cty.ObjectVal(map[string]cty.Value{"target": cty.StringVal("world")}))
		if err != nil {
			t.Fatal(err)
		}
		run(t, p, val)
		if ev := p.Events(); len(ev) != 0 {
			t.Errorf("good %s had side effects (%s mode): %v", k, p.TraceMode(), ev)
		}
		for _, c := range p.Calls() {
			if c.Err != nil || c.End.Before(c.Start) {
				t.Errorf("call %s: err %v, %v..%v", c.Name, c.Err, c.Start, c.End)
			}
		}
	})
}

// Legacy JSON: raw map + injected map with real bools + placeholders.
func TestJSONConfigure(t *testing.T) {
	p := start(t, KindPostProcessor, "good", Options{})
	vars := DefaultCoreVars()
	vars.Debug = true
	if err := p.PostProcessor().Configure(JSONArgs(KindPostProcessor, vars, map[string]any{"target": "x"})...); err != nil {
		t.Fatalf("Configure: %v", err)
	}
	err := p.PostProcessor().Configure(JSONArgs(KindPostProcessor, vars, map[string]any{"nope": "x"})...)
	var cerr *CallError
	if !errors.As(err, &cerr) || !strings.Contains(err.Error(), "nope") || errors.Is(err, ErrPluginCrashed) {
		t.Fatalf("unknown key: %v", err)
	}
	if p.Exited() {
		t.Fatal("the plugin died on a config error")
	}
}

func TestPanicSurfacesWithItsText(t *testing.T) {
	p := start(t, KindPostProcessor, "panics", Options{})
	err := configureHCL2(t, p, "")
	if !errors.Is(err, ErrPluginCrashed) || !strings.Contains(err.Error(), "misbehave: panics in Configure on purpose") {
		t.Fatalf("Configure: %v", err)
	}
	c := p.LastCall()
	if !strings.HasPrefix(c.Panic, "panic: misbehave: panics in Configure on purpose") || !strings.Contains(c.Panic, "goroutine") {
		t.Errorf("Call.Panic = %q", c.Panic)
	}
	found := false
	for _, l := range c.Log {
		found = found || strings.HasPrefix(l.Text, "packer-plugin-misbehave plugin: panic: ")
	}
	if !found {
		t.Errorf("the panic is not in the Configure call's log: %v", c.Log)
	}
	if !p.Exited() {
		t.Error("plugin still running after its panic")
	}
	if _, err := p.ConfigSpec(); !errors.Is(err, ErrPluginExited) {
		t.Errorf("call after the crash: %v", err)
	}
}

func TestStartFailures(t *testing.T) {
	cases := []struct {
		name   string
		opts   Options
		reason string
		check  func(t *testing.T, e *StartError)
	}{
		{"stdout-noise", Options{}, "noise", func(t *testing.T, e *StartError) {
			if len(e.Stdout) == 0 || e.Stdout[0] != "hello from stdout-noise" {
				t.Errorf("Stdout %q", e.Stdout)
			}
		}},
		{"no-handshake", Options{StartTimeout: time.Second}, "timeout", nil},
		{"exits-early", Options{}, "exited", func(t *testing.T, e *StartError) {
			if e.ExitCode != 3 || !strings.Contains(e.Error(), "packer-plugin-misbehave plugin: exits-early: cannot start") {
				t.Errorf("exit %d, error %v", e.ExitCode, e)
			}
		}},
		{"wrong-api", Options{}, "handshake", func(t *testing.T, e *StartError) {
			if !errors.Is(e, ErrHandshakeAPIMajor) {
				t.Errorf("error %v is not ErrHandshakeAPIMajor", e)
			}
		}},
		{"protocol-4", Options{}, "handshake", func(t *testing.T, e *StartError) {
			if !errors.Is(e, ErrHandshakeProtocol4) {
				t.Errorf("error %v is not ErrHandshakeProtocol4", e)
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Start(context.Background(), misbehaveBin(t), Component{KindPostProcessor, tc.name}, tc.opts)
			if err == nil {
				p.Close()
				t.Fatal("Start succeeded")
			}
			var serr *StartError
			if !errors.As(err, &serr) || serr.Reason != tc.reason {
				t.Fatalf("Start: %v, want reason %s", err, tc.reason)
			}
			if tc.check != nil {
				tc.check(t, serr)
			}
		})
	}
	t.Run("missing binary", func(t *testing.T) {
		_, err := Start(context.Background(), filepath.Join(t.TempDir(), "nope"), Component{KindPostProcessor, "good"}, Options{})
		var serr *StartError
		if !errors.As(err, &serr) || serr.Reason != "exec" {
			t.Fatalf("Start: %v", err)
		}
	})
}

func TestStdoutNoiseTolerated(t *testing.T) {
	p := start(t, KindPostProcessor, "stdout-noise", Options{TolerateStdoutNoise: true})
	if n := p.StdoutNoise(); len(n) != 1 || n[0] != "hello from stdout-noise" {
		t.Fatalf("StdoutNoise %q", n)
	}
	if err := configureHCL2(t, p, ""); err != nil {
		t.Fatal(err)
	}
}

func TestExitAfterHandshake(t *testing.T) {
	p := start(t, KindPostProcessor, "exits-after-handshake", Options{})
	leaveBetweenCalls(t, p)
	_, err := p.ConfigSpec()
	if !errors.Is(err, ErrPluginExited) || !strings.Contains(err.Error(), "exit status 4") {
		t.Fatalf("call after the exit: %v", err)
	}
	found := false
	for _, l := range p.Log() {
		found = found || strings.HasSuffix(l.Text, "exits-after-handshake: leaving now")
	}
	if !found {
		t.Errorf("the plugin's last words are not in the log: %v", p.Log())
	}
}

func TestHangHitsTheCallDeadline(t *testing.T) {
	p := start(t, KindPostProcessor, "hangs", Options{CallTimeout: time.Second})
	err := configureHCL2(t, p, "")
	if !errors.Is(err, ErrCallTimeout) {
		t.Fatalf("Configure: %v", err)
	}
	if d := p.LastCall().Duration(); d < time.Second {
		t.Errorf("the hung call took %v with a 1 s deadline", d)
	}
	if !p.Exited() {
		t.Error("the hung plugin was not killed")
	}
}

func TestCancellation(t *testing.T) {
	in := func(p *Plugin) *FileArtifact {
		a, err := NewFileArtifact(filepath.Join(p.Sandbox().Artifacts, "in"), map[string][]byte{"f": nil})
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	t.Run("honoured", func(t *testing.T) {
		p := start(t, KindPostProcessor, "honours-cancel", Options{CancelTimeout: 10 * time.Second})
		if err := configureHCL2(t, p, ""); err != nil {
			t.Fatal(err)
		}
		ctx, ui := cancelOnFirstMessage()
		_, _, _, err := p.PostProcessor().PostProcess(ctx, ui, in(p))
		if err == nil || errors.Is(err, ErrCancelIgnored) || !strings.Contains(err.Error(), "context canceled") {
			t.Fatalf("PostProcess: %v", err)
		}
		c := p.LastCall()
		if c.CancelledAt.IsZero() || c.CancelLatency() <= 0 {
			t.Errorf("cancel latency %v", c.CancelLatency())
		}
		if p.Exited() {
			t.Error("a plugin that honoured the cancel was killed")
		}
	})
	t.Run("ignored", func(t *testing.T) {
		p := start(t, KindPostProcessor, "ignores-cancel", Options{CancelTimeout: 500 * time.Millisecond})
		ctx, ui := cancelOnFirstMessage()
		_, _, _, err := p.PostProcessor().PostProcess(ctx, ui, in(p))
		if !errors.Is(err, ErrCancelIgnored) {
			t.Fatalf("PostProcess: %v", err)
		}
		if l := p.LastCall().CancelLatency(); l < 500*time.Millisecond {
			t.Errorf("cancel latency %v with a 500 ms cancel timeout", l)
		}
		if !p.Exited() {
			t.Error("the plugin that ignored the cancel was not killed")
		}
	})
}

// cancelOnFirstMessage gives a context cancelled as soon as the plugin
// says something on ui: the call is then under way.
func cancelOnFirstMessage() (context.Context, *UI) {
	ctx, cancel := context.WithCancel(context.Background())
	return ctx, &UI{OnMessage: func(UIMessage) { cancel() }}
}

// Each call keeps the stderr lines written during it, prefixed as Packer
// logs them; LogWriter sees them live.
func TestLogKeptPerCall(t *testing.T) {
	var live strings.Builder
	w := &lockedWriter{w: &live}
	p := start(t, KindPostProcessor, "good", Options{LogWriter: w})
	if _, err := p.ConfigSpec(); err != nil {
		t.Fatal(err)
	}
	c := p.LastCall()
	found := false
	for _, l := range c.Log {
		if !strings.HasPrefix(l.Text, "packer-plugin-misbehave plugin: ") || l.Call != "ConfigSpec" || l.Stream != "stderr" {
			t.Errorf("log line %+v", l)
		}
		found = found || strings.HasSuffix(l.Text, "sending ConfigSpec as protobuf")
	}
	if !found {
		t.Errorf("the SDK's ConfigSpec log line is not in the call's log: %v", c.Log)
	}
	if !strings.Contains(w.String(), "sending ConfigSpec as protobuf") {
		t.Errorf("LogWriter got %q", w.String())
	}
}

func TestCloseRemovesEverything(t *testing.T) {
	p, err := Start(context.Background(), misbehaveBin(t), Component{KindPostProcessor, "good"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	sock, root, pid := p.Handshake().Address, p.Sandbox().Root, p.Pid()
	// The SDK unlinks its socket once it accepted the connection; a
	// plugin killed before that leaves it, so Close removes it.
	if !strings.HasPrefix(sock, p.Sandbox().Tmp) {
		t.Fatalf("socket %s is not in the sandbox's TMPDIR", sock)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if err := p.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	for _, path := range []string{sock, root} {
		if _, err := os.Lstat(path); !os.IsNotExist(err) {
			t.Errorf("%s remains after Close", path)
		}
	}
	if slices.Contains(liveHarnessProcesses(), pid) {
		t.Errorf("process %d alive after Close", pid)
	}
	if _, err := p.ConfigSpec(); !errors.Is(err, ErrPluginClosed) {
		t.Errorf("call after Close: %v", err)
	}
}

// A daemon the plugin starts in its own session, or double-forks away from
// its process tree, outlives the plugin unless Close kills it. Close
// returns once everything it killed has ended.
func TestCloseKillsDaemons(t *testing.T) {
	for _, mode := range []TraceMode{TraceBest, TraceSnapshot} {
		for _, name := range []string{"spawns-daemon", "double-forks"} {
			t.Run(modeName(mode)+"/"+name, func(t *testing.T) {
				p, err := Start(context.Background(), misbehaveBin(t), Component{KindPostProcessor, name}, Options{Trace: mode})
				if err != nil {
					t.Fatal(err)
				}
				defer p.Close()
				if err := configureHCL2(t, p, ""); err != nil {
					t.Fatal(err)
				}
				daemon := 0
				// In the plugin's own PID namespace the pid it wrote is its
				// own numbering; liveHarnessProcesses finds the daemon then.
				if name == "double-forks" && !ownPIDs(p) {
					daemon = readPid(t, filepath.Join(p.Sandbox().Tmp, "daemon.pid"))
				}
				if err := p.Close(); err != nil {
					t.Fatal(err)
				}
				if pids := liveHarnessProcesses(); len(pids) > 0 {
					t.Fatalf("processes %v survive Close", pids)
				}
				if daemon != 0 && observe.Running(daemon) {
					t.Fatalf("the double-forked daemon %d survives Close", daemon)
				}
			})
		}
	}
}

// describe runs under the observer too, contained: what it starts is
// seen, and a daemon it double-forks (in its own PID namespace, so its pid
// means nothing here) is killed once it has answered.
func TestDescribeKillsWhatItStarts(t *testing.T) {
	t.Setenv("MISBEHAVE_DESCRIBE_DAEMON", "1")
	d, err := Describe(context.Background(), misbehaveBin(t))
	if err != nil {
		t.Fatal(err)
	}
	if pids := liveHarnessProcesses(); len(pids) > 0 {
		t.Fatalf("processes %v survive describe", pids)
	}
	if !slices.Contains(d.Builders, "good") {
		t.Fatalf("describe's answer is lost: %s", d.Raw)
	}
	// The shell forks the daemon before it writes its pid; the daemon's
	// own exec may come after describe returned, and be cut short.
	forked := false
	for _, e := range d.Events {
		if e.Call != PhaseDescribe {
			t.Errorf("event %s not attributed to describe", e)
		}
		forked = forked || e.Kind == EventProcess && e.Op == "fork"
	}
	if observe.Available()[0] != TraceSnapshot && !forked {
		t.Errorf("describe's fork of the daemon's shell not seen; events %v", d.Events)
	}
}

// ownPIDs reports whether the plugin runs in its own PID namespace.
func ownPIDs(p *Plugin) bool {
	return slices.ContainsFunc(p.Protections(), func(pr Protection) bool { return pr.Name == "namespaces" && pr.On })
}

// readPid reads the pid a fixture wrote.
func readPid(t *testing.T, path string) int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return pid
}

// Output on stdout after the handshake is harmless to core; the harness
// keeps it in the log of the call that printed it.
func TestStdoutAfterHandshakeIsLoggedPerCall(t *testing.T) {
	p := start(t, KindPostProcessor, "stdout-chatter", Options{})
	if err := configureHCL2(t, p, ""); err != nil {
		t.Fatal(err)
	}
	for _, l := range p.LastCall().Log {
		if l.Stream == "stdout" && l.Text == "packer-plugin-misbehave plugin: chatter on stdout from Configure" {
			return
		}
	}
	t.Fatalf("stdout line not in Configure's log: %+v", p.LastCall().Log)
}

// A ConfigSpec the SDK cannot encode makes its client panic; the harness
// turns that into an error at once and the plugin keeps serving.
func TestConfigSpecClientPanicIsAnError(t *testing.T) {
	p := start(t, KindPostProcessor, "bad-spec", Options{})
	_, err := p.ConfigSpec()
	if !errors.Is(err, ErrClientPanicked) || errors.Is(err, ErrPluginCrashed) || !strings.Contains(err.Error(), "encode") {
		t.Fatalf("ConfigSpec: %v", err)
	}
	// Only a broken connection makes the harness wait for the plugin to
	// die (finish): this error must not read as one.
	if brokenConnection(err) {
		t.Errorf("ConfigSpec's error %q reads as a broken connection: the harness waits for a crash that does not come", err)
	}
	if p.Exited() {
		t.Fatal("the plugin died")
	}
	if err := p.PostProcessor().Configure(JSONArgs(KindPostProcessor, DefaultCoreVars(), map[string]any{})...); err != nil {
		t.Fatalf("Configure after the failed ConfigSpec: %v", err)
	}
}

// A plugin that never accepts its connection fails the start within the
// start timeout, and its socket is removed even outside the sandbox.
func TestNeverAcceptedSocketIsRemoved(t *testing.T) {
	_, err := Start(context.Background(), misbehaveBin(t), Component{KindPostProcessor, "never-accepts"}, Options{StartTimeout: 2 * time.Second})
	var serr *StartError
	if !errors.As(err, &serr) || serr.Reason != "connect" {
		t.Fatalf("Start: %v", err)
	}
	if len(serr.Stdout) != 1 {
		t.Fatalf("stdout %q", serr.Stdout)
	}
	h, err := ParseHandshake(serr.Stdout[0])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(h.Address); !os.IsNotExist(err) {
		t.Fatalf("socket %s remains after the failed start", h.Address)
	}
}

// Close from another goroutine ends a call in flight at once.
func TestCloseDuringACall(t *testing.T) {
	inFlight := make(chan struct{})
	p := start(t, KindPostProcessor, "hangs", Options{LogWriter: &lineSignal{substr: "hanging in Configure", ch: inFlight}})
	args := JSONArgs(KindPostProcessor, DefaultCoreVars(), map[string]any{})
	errc := make(chan error, 1)
	go func() { errc <- p.PostProcessor().Configure(args...) }()
	<-inFlight
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if err := <-errc; !errors.Is(err, ErrPluginClosed) {
		t.Fatalf("the call ended with %v, want ErrPluginClosed", err)
	}
}

// lineSignal closes ch when a log line containing substr is written.
type lineSignal struct {
	substr string
	ch     chan struct{}
	once   sync.Once
}

func (w *lineSignal) Write(b []byte) (int, error) {
	if strings.Contains(string(b), w.substr) {
		w.once.Do(func() { close(w.ch) })
	}
	return len(b), nil
}

// A plugin that panics between calls: the next call says it is gone and
// carries the panic text from the log.
func TestPanicBetweenCalls(t *testing.T) {
	p := start(t, KindPostProcessor, "panics-after-handshake", Options{})
	leaveBetweenCalls(t, p)
	_, err := p.ConfigSpec()
	var cerr *CallError
	if !errors.Is(err, ErrPluginExited) || !errors.As(err, &cerr) ||
		!strings.HasPrefix(cerr.Panic, "panic: misbehave: panics between calls on purpose") {
		t.Fatalf("call after the panic: %v", err)
	}
	if p.LastCall().Panic != cerr.Panic {
		t.Errorf("Call.Panic = %q", p.LastCall().Panic)
	}
}

// Options.Gob starts the plugin as core does for protocol v1 plugins or
// with PACKER_FORCE_GOB: the SDK's server then encodes specs with gob and
// the client decodes them with gob. A BlockAttrsSpec, which protobuf
// cannot carry, goes through.
func TestGobCodec(t *testing.T) {
	hasLine := func(c *Call, suffix string) bool {
		for _, l := range c.Log {
			if strings.HasSuffix(l.Text, suffix) {
				return true
			}
		}
		return false
	}
	p := start(t, KindPostProcessor, "bad-spec", Options{Gob: true})
	spec, err := p.ConfigSpec()
	if err != nil {
		t.Fatalf("ConfigSpec under gob: %v", err)
	}
	if _, ok := spec["tags"].(*hcldec.BlockAttrsSpec); !ok {
		t.Fatalf("ConfigSpec under gob: %#v", spec)
	}
	if !hasLine(p.LastCall(), "sending ConfigSpec as gob") {
		t.Errorf("the plugin did not say it sends gob: %v", p.LastCall().Log)
	}

	d := start(t, KindDatasource, "good", Options{Gob: true})
	if spec, err := d.ConfigSpec(); err != nil || spec["target"] == nil {
		t.Fatalf("datasource ConfigSpec under gob: %v %#v", err, spec)
	}
	out, err := d.OutputSpec()
	if err != nil || out["greeting"] == nil {
		t.Fatalf("OutputSpec under gob: %v %#v", err, out)
	}
	if !hasLine(d.LastCall(), "sending OutputSpec as gob") {
		t.Errorf("the plugin did not say it sends gob: %v", d.LastCall().Log)
	}
}
