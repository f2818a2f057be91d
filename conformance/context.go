package conformance

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
)

// T is the per-check context: the component under test, what setup learnt
// about it, and the plugin processes the check started, which teardown
// closes. A check calls Start for each scenario, so every scenario runs in
// a fresh process and sandbox.
type T struct {
	ctx       context.Context
	suite     *suite
	Component harness.Component
	setup     *componentSetup

	mu       sync.Mutex
	plugins  []*harness.Plugin
	warnings []string
	notes    []string
	// ignoreCrashes is set by setup once the start it judges succeeded: a
	// crash in ConfigSpec or Prepare there is judged by the config checks.
	ignoreCrashes bool
}

// Context is the check's context; cancelled when the suite is.
func (t *T) Context() context.Context { return t.ctx }

// Start starts a fresh plugin process for the component in a fresh
// sandbox. A start failure ends the check as failed.
func (t *T) Start() (*harness.Plugin, error) {
	return t.startWith(t.suite.harnessOptions())
}

func (t *T) startWith(opts harness.Options) (*harness.Plugin, error) {
	p, err := harness.Start(t.ctx, t.suite.bin, t.Component, opts)
	if err != nil {
		if t.ctx.Err() != nil {
			return nil, Skip("cancelled")
		}
		return nil, Failf("the component did not start for this scenario: %v", err)
	}
	t.mu.Lock()
	t.plugins = append(t.plugins, p)
	t.mu.Unlock()
	t.suite.noteTraceMode(p.TraceMode())
	return p, nil
}

// Warnf records a warning: the check passes with status warn.
func (t *T) Warnf(format string, args ...any) {
	t.mu.Lock()
	t.warnings = append(t.warnings, fmt.Sprintf(format, args...))
	t.mu.Unlock()
}

// Notef records a detail shown in the message of a passing check.
func (t *T) Notef(format string, args ...any) {
	t.mu.Lock()
	t.notes = append(t.notes, fmt.Sprintf(format, args...))
	t.mu.Unlock()
}

// Config returns the valid configuration setup found, or a skip error that
// says why there is none.
func (t *T) Config() (*validConfig, error) {
	if t.setup.config == nil {
		return nil, Skip("%s", t.setup.noConfig)
	}
	return t.setup.config, nil
}

// teardown closes every process the check started; the harness kills them
// with their children and removes their sandboxes and sockets.
func (t *T) teardown() {
	t.mu.Lock()
	ps := t.plugins
	t.mu.Unlock()
	for _, p := range ps {
		p.Close()
	}
}

// run runs check c for t and turns its outcome into a result: the check's
// own error, overridden by any crash seen in the processes it started.
func (t *T) run(c *Check) (res CheckResult) {
	res.ID = c.ID
	defer t.teardown()
	// An interrupted suite ends calls in flight at once: closing a plugin
	// ends its call, even one core would not cancel (Configure, ...).
	stop := context.AfterFunc(t.ctx, t.teardown)
	defer stop()
	var err error
	if c.NeedsConfig && t.setup != nil && t.setup.config == nil {
		err = Skip("%s", t.setup.noConfig)
	} else {
		err = c.run(t)
	}
	crash, crashLog := t.crash()
	switch reason, skipped := isSkip(err); {
	case crash != "" && t.ctx.Err() == nil:
		res.Status = StatusFail
		res.Message = crash
		// The check's own words add to the crash unless they only report
		// the broken call.
		if err != nil && !skipped && !strings.Contains(err.Error(), harness.ErrPluginCrashed.Error()) {
			res.Message = err.Error() + "\n" + crash
		}
		res.Log = crashLog
		return res
	case skipped:
		res.Status, res.Message = StatusSkip, reason
		return res
	case err != nil:
		res.Status, res.Message = StatusFail, err.Error()
	case len(t.warnings) > 0:
		res.Status, res.Message = StatusWarn, strings.Join(t.warnings, "\n")
	default:
		res.Status, res.Message = StatusPass, strings.Join(t.notes, "; ")
	}
	if res.Status == StatusFail || res.Status == StatusWarn {
		res.Log = t.log()
	}
	return res
}

// crash returns the first panic seen in a call of this check, with the
// log lines of that call.
func (t *T) crash() (string, []string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.ignoreCrashes {
		return "", nil
	}
	for _, p := range t.plugins {
		for _, call := range p.Calls() {
			if call.Panic != "" {
				return fmt.Sprintf("the plugin crashed during %s: %s (the stack is in the log)", call.Name, panicHead(call.Panic)), logText(call.Log)
			}
		}
	}
	return "", nil
}

// log is every line the check's processes logged, in start order.
func (t *T) log() []string {
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
// prefix, for checks that look for a key name in it.
func errorText(err error) string {
	var ce *harness.CallError
	if errors.As(err, &ce) {
		return ce.Err.Error()
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
