package conformance

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/packer-plugin-dev/packer-plugin-dev/conformance/report"
	"github.com/packer-plugin-dev/packer-plugin-dev/conformance/repro"
	"github.com/packer-plugin-dev/packer-plugin-dev/conformance/sample"
	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
)

// checkEnv is the per-check context: the component under test (zero for a
// plugin-wide check), what setup learnt about it, and the plugin processes
// the check started, which teardown closes. A check calls Start for each
// scenario, so every scenario runs in a fresh process and sandbox.
type checkEnv struct {
	ctx       context.Context
	suite     *suite
	Component harness.Component
	setup     *componentSetup

	mu       sync.Mutex
	plugins  []*harness.Plugin
	worlds   []*harness.World
	warnings []string
	notes    []string
	// reproDetail holds what the finding's repro needs (see reproNote).
	reproDetail map[string]string
	// ignoreCrashes is set by setup once the start it judges succeeded: a
	// crash in ConfigSpec or Prepare there is judged by the config checks.
	ignoreCrashes bool
}

// Context is the check's context; cancelled when the suite is.
func (t *checkEnv) Context() context.Context { return t.ctx }

// Start starts a fresh plugin process for the component in a fresh
// sandbox. A start failure ends the check as failed.
func (t *checkEnv) Start() (*harness.Plugin, error) {
	return t.startWith(t.options())
}

// options are the harness options of this component's processes: the
// suite's, plus the environment its sample block gives. A process is
// contained unless a run scenario gives it a World (startConfigured):
// what only configures must change nothing, and the kernel sees to it.
func (t *checkEnv) options() harness.Options {
	o := t.suite.harnessOptions()
	o.Contain = true
	if b := t.suite.sample.Block(t.Component); b != nil && len(b.Env) > 0 {
		o.Env = append(slices.Clone(o.Env), b.Env...)
	}
	return o
}

func (t *checkEnv) startWith(opts harness.Options) (*harness.Plugin, error) {
	p, err := harness.Start(t.ctx, t.suite.bin, t.Component, opts)
	if err != nil {
		if t.ctx.Err() != nil {
			return nil, skipf(interruptedMessage)
		}
		return nil, failf("the component did not start for this scenario: %v", err)
	}
	t.mu.Lock()
	t.plugins = append(t.plugins, p)
	t.mu.Unlock()
	t.suite.noteTraceMode(p.TraceMode())
	if opts.Contain {
		t.suite.noteContainment(p.Protections())
	}
	return p, nil
}

// Warnf records a warning: the check passes with status warn.
func (t *checkEnv) Warnf(format string, args ...any) {
	t.mu.Lock()
	t.warnings = append(t.warnings, fmt.Sprintf(format, args...))
	t.mu.Unlock()
}

// Notef records a detail shown in the message of a passing check.
func (t *checkEnv) Notef(format string, args ...any) {
	t.mu.Lock()
	t.notes = append(t.notes, fmt.Sprintf(format, args...))
	t.mu.Unlock()
}

// Config returns the valid configuration setup found, or a skip error that
// says why there is none.
func (t *checkEnv) Config() (*validConfig, error) {
	if t.setup.config == nil {
		return nil, skipf("%s", t.setup.noConfig)
	}
	return t.setup.config, nil
}

// teardown closes every process the check started; the harness kills them
// with their children and removes their sandboxes and sockets.
func (t *checkEnv) teardown() {
	t.mu.Lock()
	ps, ws := t.plugins, t.worlds
	t.mu.Unlock()
	for _, p := range ps {
		p.Close()
	}
	for _, w := range ws {
		w.Close()
	}
}

// newWorld stands up a World for one run scenario; teardown closes it.
func (t *checkEnv) newWorld() (*harness.World, error) {
	w, err := harness.NewWorld()
	if err != nil {
		return nil, fmt.Errorf("standing up the outside world: %w", err)
	}
	t.mu.Lock()
	t.worlds = append(t.worlds, w)
	t.mu.Unlock()
	return w, nil
}

// result is a check's verdict with what the runner keeps besides, which
// the report does not carry: the crash that failed it (so it is reported
// once per component) and, for a finding real Packer can show, what its
// repro is made of.
type result struct {
	report.CheckResult
	crash crashID
	repro *repro.Case
}

// crashID is a crash: the call it happened in and the panic's first line.
type crashID struct{ call, panic string }

// run runs check c for t, with setup and teardown around it, and judges
// its outcome: the check's own error, a crash seen in the processes it
// started, the author's acknowledgements, an interruption.
func (t *checkEnv) run(c *Check) result {
	defer t.teardown()
	// An interrupted suite ends calls in flight at once: closing a plugin
	// ends its call, even one core would not cancel (Configure, ...).
	stop := context.AfterFunc(t.ctx, t.teardown)
	defer stop()
	var err error
	if c.NeedsConfig && t.setup != nil && t.setup.config == nil {
		err = skipf("%s", t.setup.noConfig)
	} else {
		err = c.run(t)
	}
	if t.ctx.Err() != nil {
		res := result{CheckResult: interruptedResult(c, t.events(), t.acks(c.ID))}
		if res.Status == report.Fail || res.Status == report.Warn {
			res.Log = t.log()
		}
		return res
	}
	t.mu.Lock()
	o := outcome{err: err, warnings: t.warnings, notes: t.notes, acks: t.acks(c.ID)}
	t.mu.Unlock()
	crash, crashed, crashLog := t.crash()
	o.crash = crash
	res := result{CheckResult: report.CheckResult{ID: c.ID}, crash: crashed}
	res.Status, res.Message = judge(o)
	switch {
	case crash != "":
		res.Log = crashLog
	case res.Status == report.Fail || res.Status == report.Warn:
		res.Log = t.log()
	}
	if recipe := recipeFor(c, res.Status, crashed); recipe != nil {
		res.repro = t.reproCase(recipe)
	}
	return res
}

// acks are the author's acknowledgements of check id for this component.
func (t *checkEnv) acks(id string) []*sample.Ack {
	b := t.suite.sample.Block(t.Component)
	if b == nil {
		return nil
	}
	var out []*sample.Ack
	for _, a := range b.Acks {
		if a.Check == id {
			out = append(out, a)
		}
	}
	return out
}

// events are the side effects each process of t was seen doing, one list
// per process.
func (t *checkEnv) events() [][]harness.Event {
	t.mu.Lock()
	ps := t.plugins
	t.mu.Unlock()
	var out [][]harness.Event
	for _, p := range ps {
		out = append(out, p.Events())
	}
	return out
}

// crash returns the first panic seen in a call of this check, what
// identifies it, and the log lines of that call.
func (t *checkEnv) crash() (msg string, id crashID, log []string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.ignoreCrashes {
		return "", crashID{}, nil
	}
	for _, p := range t.plugins {
		for _, call := range p.Calls() {
			if call.Panic != "" {
				head := panicHead(call.Panic)
				return fmt.Sprintf("the plugin crashed during %s: %s (the stack is in the log)", call.Name, head), crashID{call: call.Name, panic: head}, logText(call.Log)
			}
		}
	}
	return "", crashID{}, nil
}

// log is every line the check's processes logged, in start order.
func (t *checkEnv) log() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []string
	for _, p := range t.plugins {
		out = append(out, logText(p.Log())...)
	}
	return out
}

func logText(ls []harness.LogLine) []string {
	out := make([]string, 0, len(ls))
	for _, l := range ls {
		out = append(out, l.Text)
	}
	return out
}

// errorText is an error's message without the harness's "component: call:"
// prefix, for checks that look for a key name in it, in the CLI's words.
func errorText(err error) string {
	var ce *harness.CallError
	if errors.As(err, &ce) {
		err = ce.Err
	}
	switch {
	case errors.Is(err, harness.ErrCallTimeout):
		return err.Error() + " (--call-timeout sets the deadline)"
	case errors.Is(err, harness.ErrCancelIgnored):
		return err.Error() + " (--cancel-timeout sets the deadline)"
	}
	return err.Error()
}

// panicHead is the panic message without the goroutine stacks, which the
// log carries.
func panicHead(text string) string {
	text = strings.TrimSpace(text)
	if i := strings.Index(text, "\ngoroutine "); i >= 0 {
		text = strings.TrimSpace(text[:i])
	}
	return text
}
