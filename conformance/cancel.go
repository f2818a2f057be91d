package conformance

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/packer-plugin-dev/packer-plugin-dev/conformance/sample"
	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
)

// Cancellation as core does it, where the plugin waits on the outside
// world, and how the plugin honoured it; and the skip of a main scenario
// that waited there.

// cancelScenario runs call with a context it cancels when the plugin
// first waits on its World (a held connection, remote command or hook),
// and judges how the plugin honoured the cancel. The cancel lands where
// the plugin waits, whatever the machine's speed; a call that never waits
// there has nothing to be cancelled in and is a skip, never a pass.
func (t *checkEnv) cancelScenario(p *harness.Plugin, method string, call func(ctx context.Context) error) error {
	held, err := t.untilHeld(p, call)
	if held == nil {
		return skipf("%s, %s", neverWaited(lastCall(p, method), method, err), nothingToCancel)
	}
	c := lastCall(p, method)
	if c == nil {
		return failf("%s was not called", method)
	}
	where := fmt.Sprintf("cancelled %v into %s, while it waited on %s", ms(held.At.Sub(c.Start)), method, held.What)
	timeout := t.suite.opts.CancelTimeout
	t.reproNote("held", held.What)
	t.reproNote("proxied", strconv.FormatBool(held.Proxied))
	if errors.Is(err, harness.ErrCancelIgnored) {
		return failf("%s did not return within %v of being cancelled (%s), as core cancels it on Ctrl-C or when another build fails; the plugin was killed. %s. Pass ctx to every call that waits, and watch ctx.Done() in loops (--cancel-timeout changes the deadline)", method, timeout, where, ignoredCancel(method))
	}
	if c.CancelledAt.IsZero() {
		return skipf("%s ended as it was being cancelled (%s): %s", method, where, ended(err))
	}
	lat := c.CancelLatency()
	if lat > timeout {
		return failf("%s returned %v after the cancel (%s), more than the %v deadline", method, ms(lat), where, timeout)
	}
	evidence := cancelEvidence(p.World().Holds(), c.CancelledAt)
	if err != nil && evidence == "" && !readsAsCancellation(err) {
		return skipf("%s returned %v after the cancel (%s), but failing for its own reason, not the cancellation: %s\nWhether it honours the cancel could not be told; make the call it waits on use ctx, and return ctx.Err() (or an error saying it was cancelled)", method, ms(lat), where, errorText(err))
	}
	t.Notef("%s; returned %v after the cancel, %s%s", where, ms(lat), ended(err), evidence)
	return nil
}

// ignoredCancel is what real Packer does when method ignores the cancel.
func ignoredCancel(method string) string {
	if method == "Provision" {
		// SDK 0.6.10 multistep/commonsteps/step_provision.go
		return "In Packer the builder's provision step stops waiting for it, but the provisioner goes on with its remote command while core tears the machine down under it"
	}
	return "Packer waits for it, and the build hangs (a cloud builder whose API calls ignore ctx was measured still in its step 15 s after Ctrl-C)"
}

// nothingToCancel ends the skip of a call that never waited.
const nothingToCancel = "so there was nothing to cancel it in"

// neverWaited says how a call ended without waiting on its World.
func neverWaited(c *harness.Call, method string, err error) string {
	took := ""
	if c != nil {
		took = " in " + ms(c.Duration())
	}
	if errors.Is(err, harness.ErrCallTimeout) {
		return fmt.Sprintf("%s neither returned nor waited on anything outside the plugin (a connection, a remote command or a hook) within the call deadline: %s", method, errorText(err))
	}
	return fmt.Sprintf("%s returned%s, %s, without waiting on anything outside the plugin (no connection, remote command or hook was held)", method, took, ended(err))
}

// ended renders how a call ended.
func ended(err error) string {
	if err == nil {
		return "with no error"
	}
	return "failing with " + quoteShort(errorText(err))
}

// ms renders a duration to the millisecond, as reports show them.
func ms(d time.Duration) string {
	if d < time.Millisecond {
		return "under 1ms"
	}
	return d.Round(time.Millisecond).String()
}

// quoteShort quotes s, cut to a length a report line can carry.
func quoteShort(s string) string {
	if len(s) > 300 {
		s = s[:300] + "..."
	}
	return fmt.Sprintf("%q", s)
}

// readsAsCancellation reports an error that says the call was cancelled
// (ctx.Err(), or the SDK's multistep builders' "Build was cancelled.").
func readsAsCancellation(err error) bool {
	text := strings.ToLower(err.Error())
	for _, w := range []string{"cancel", "interrupt", "halted", "context deadline"} {
		if strings.Contains(text, w) {
			return true
		}
	}
	return false
}

// cancelEvidence says which waits the cancel ended: a hook or remote
// command whose ctx was done, a connection the plugin closed after it.
func cancelEvidence(holds []harness.Hold, cancelledAt time.Time) string {
	var ended []string
	for _, h := range holds {
		if h.Released.IsZero() || h.Released.Before(cancelledAt) {
			continue
		}
		switch h.By {
		case "cancelled":
			ended = append(ended, "the cancel reached "+h.What)
		default:
			ended = append(ended, fmt.Sprintf("%s ended %v after the cancel: %s", h.What, ms(h.Released.Sub(cancelledAt)), h.By))
		}
	}
	if len(ended) == 0 {
		return ""
	}
	return " (" + strings.Join(ended, "; ") + ")"
}

// untilHeld runs call with a context it cancels when the plugin first
// waits on its World (the World then stops holding, so what the plugin
// does to clean up meets an answer); held is that wait, nil when the call
// ended without one. A main scenario that waited cannot go on here; a
// cancel scenario judges what the call did after.
func (t *checkEnv) untilHeld(p *harness.Plugin, call func(ctx context.Context) error) (held *harness.Hold, err error) {
	w := p.World()
	ctx, cancel := context.WithCancel(t.ctx)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- call(ctx) }()
	select {
	case err = <-done:
		return nil, err
	case <-w.Held():
		w.StopHolding()
		cancel()
		err = <-done
		h := w.Holds()[0]
		return &h, err
	}
}

// needsOutside is the skip of a scenario that waited on the World.
func needsOutside(method string, h *harness.Hold, skip string) error {
	return skipf("%s waited on %s, outside the sandbox, where nothing answers, so it was cancelled there and could not be checked. To let it run here, point it at an endpoint on this machine in %s (its own settings, or conformance { env = { ... } }), or --skip %s", method, h.What, sample.FileName, skip)
}
