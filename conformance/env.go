package conformance

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
)

// checkEnv is the per-check context: the component under test, what setup learnt
// about it, and the plugin processes the check started, which teardown
// closes. A check calls Start for each scenario, so every scenario runs in
// a fresh process and sandbox.
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

// interruptedMessage is the message of a check an interruption cut short.
const interruptedMessage = "interrupted before the check finished"

// Context is the check's context; cancelled when the suite is.
func (t *checkEnv) Context() context.Context { return t.ctx }

// Start starts a fresh plugin process for the component in a fresh
// sandbox. A start failure ends the check as failed.
func (t *checkEnv) Start() (*harness.Plugin, error) {
	return t.startWith(t.options())
}

// options are the harness options of this component's processes: the
// suite's, plus the environment its sample block gives.
func (t *checkEnv) options() harness.Options {
	o := t.suite.harnessOptions()
	if b := t.suite.sample.block(t.Component); b != nil && len(b.env) > 0 {
		o.Env = append(append([]string(nil), o.Env...), b.env...)
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

// run runs check c for t and turns its outcome into a result: the check's
// own error, overridden by any crash seen in the processes it started, with
// the author's acknowledgements applied.
func (t *checkEnv) run(c *Check) (res CheckResult) {
	res.ID = c.ID
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
		res.Status, res.Message = StatusSkip, interruptedMessage
		return res
	}
	crash, crashed, crashLog := t.crash()
	switch reason, skipped := isSkip(err); {
	case crash != "":
		res.Status, res.Message, res.crash = StatusFail, crash, crashed
		// The check's own words add to the crash unless they only report
		// the broken call.
		if err != nil && !skipped && !strings.Contains(err.Error(), harness.ErrPluginCrashed.Error()) {
			res.Message = err.Error() + "\n" + crash
		}
		res.Log = crashLog
		res.repro = t.reproCase()
		return res
	case skipped:
		res.Status, res.Message = StatusSkip, reason
		return res
	case err != nil:
		res.Status, res.Message = t.acknowledge(c.ID, err)
	case len(t.warnings) > 0:
		res.Status, res.Message = StatusWarn, strings.Join(t.warnings, "\n")
	default:
		res.Status, res.Message = StatusPass, strings.Join(t.notes, "; ")
	}
	if stale := t.staleAcknowledgements(c.ID, err); len(stale) > 0 && res.Status == StatusPass {
		res.Status, res.Message = StatusWarn, strings.Join(stale, "\n")
	}
	if res.Status == StatusFail || res.Status == StatusWarn {
		res.Log = t.log()
	}
	if recipeFor(&res) != nil {
		res.repro = t.reproCase()
	}
	return res
}

// acks are the author's acknowledgements of check id for this component.
func (t *checkEnv) acks(id string) []*acknowledgement {
	b := t.suite.sample.block(t.Component)
	if b == nil {
		return nil
	}
	var out []*acknowledgement
	for _, a := range b.acks {
		if a.check == id {
			out = append(out, a)
		}
	}
	return out
}

// acknowledge judges a failure against the author's acknowledgements: it
// stays a failure while one finding is not acknowledged, and is a warning
// carrying the reasons when every finding is.
func (t *checkEnv) acknowledge(id string, err error) (Status, string) {
	acks := t.acks(id)
	if len(acks) == 0 {
		return StatusFail, err.Error()
	}
	fe := findingsOf(err)
	var open, known []string
	for _, f := range fe.findings {
		var by *acknowledgement
		for _, a := range acks {
			if a.matches(f) {
				by = a
				break
			}
		}
		if by == nil {
			open = append(open, f)
			continue
		}
		known = append(known, fmt.Sprintf("%s\n    acknowledged at %s: %s", f, by.where, by.reason))
	}
	if len(open) > 0 {
		msg := (&findingsError{intro: fe.intro, findings: open, hint: fe.hint}).Error()
		if len(known) > 0 {
			msg += "\nacknowledged:\n  " + strings.Join(known, "\n  ")
		}
		return StatusFail, msg
	}
	return StatusWarn, (&findingsError{intro: fe.intro, findings: known}).Error()
}

// staleAcknowledgements lists acknowledgements of check id that match no
// finding of this run: the finding is gone, so they can be dropped.
func (t *checkEnv) staleAcknowledgements(id string, err error) []string {
	var findings []string
	if err != nil {
		findings = findingsOf(err).findings
	}
	var out []string
	for _, a := range t.acks(id) {
		used := false
		for _, f := range findings {
			used = used || a.matches(f)
		}
		if !used {
			out = append(out, fmt.Sprintf("the finding acknowledged at %s (%s) no longer occurs: drop the acknowledgement", a.where, a.reason))
		}
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
