package conformance

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/hashicorp/packer-plugin-sdk/packer"

	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
)

// Post-processor checks: what core's build loop relies on when it calls
// PostProcess and handles keep, forceOverride and Destroy.

func init() {
	register(&Check{
		ID: "postprocess.result", Kinds: postProc, NeedsConfig: true,
		Summary: "PostProcess returns an artifact or an error, never neither; when it fails (input file missing) nothing it created is left behind",
		run:     runPostProcessResult,
	})
	register(&Check{
		ID: "postprocess.keep", Kinds: postProc, NeedsConfig: true,
		Summary: "after core's keep handling (Destroy on the input unless kept), the returned artifact's files still exist; forceOverride without keep is a warning",
		run:     runPostProcessKeep,
	})
	register(&Check{
		ID: "postprocess.input", Kinds: postProc, NeedsConfig: true,
		Summary: "PostProcess neither destroys nor modifies its input artifact (core owns it)",
		run:     runPostProcessInput,
	})
	register(&Check{
		ID: "postprocess.cancel", Kinds: postProc, NeedsConfig: true,
		Summary: "a cancelled PostProcess returns within the cancel deadline (--cancel-timeout, default 5s)",
		run:     runPostProcessCancel,
	})
}

// startWithInput starts a fresh, configured process and creates a fresh
// valid input artifact in its sandbox.
func (t *T) startWithInput() (*harness.Plugin, *harness.FileArtifact, error) {
	p, err := t.startConfigured()
	if err != nil {
		return nil, nil, err
	}
	in, err := newInput(p, "input")
	if err != nil {
		return nil, nil, err
	}
	return p, in, nil
}

// postProcess runs PostProcess on a fresh valid input in a fresh,
// configured process.
func (t *T) postProcess() (p *harness.Plugin, in *harness.FileArtifact, out packer.Artifact, keep, force bool, err error) {
	if p, in, err = t.startWithInput(); err != nil {
		return
	}
	out, keep, force, err = p.PostProcessor().PostProcess(t.ctx, &harness.UI{}, in)
	return
}

// needOutput turns a failed or empty PostProcess into a skip: those are
// judged by postprocess.result.
func needOutput(out packer.Artifact, err error) error {
	if err != nil {
		return Skip("PostProcess failed on a valid input (see postprocess.result): %s", firstLine(errorText(err)))
	}
	if out == nil {
		return Skip("PostProcess returned no artifact (see postprocess.result)")
	}
	return nil
}

func runPostProcessResult(t *T) error {
	_, in, out, _, _, err := t.postProcess()
	if in == nil && err != nil {
		return err
	}
	if err != nil {
		return Failf("PostProcess failed on a valid input artifact (%d files, configured with %s): %s\nA post-processor that needs external resources cannot run here: --skip postprocess.result", len(inputFiles), t.setup.config.Source, errorText(err))
	}
	if out == nil {
		return Failf("PostProcess returned neither an artifact nor an error: Packer silently stops the post-processor chain there. Return the new artifact, or an error saying what went wrong")
	}

	// The failure path: an input whose files do not exist.
	p, err := t.startConfigured()
	if err != nil {
		return err
	}
	broken, err := newInput(p, "missing-input")
	if err != nil {
		return err
	}
	for _, f := range broken.Files() {
		os.Remove(f)
	}
	out, _, _, err = p.PostProcessor().PostProcess(t.ctx, &harness.UI{}, broken)
	if err == nil {
		t.Notef("PostProcess accepted an input whose files do not exist, so its failure path was not exercised")
		if out != nil {
			out.Destroy()
		}
		return nil
	}
	call := lastCall(p, "PostProcess")
	if left := createdAndLeft(call); len(left) > 0 {
		return Failf("PostProcess failed (%s) and left behind what it created:\n%s\nRemove partial output before returning an error", firstLine(errorText(err)), joinLines("  ", left))
	}
	t.Notef("failed cleanly on a missing input file")
	return nil
}

func runPostProcessKeep(t *T) error {
	p, in, out, keep, force, err := t.postProcess()
	if in == nil && err != nil {
		return err
	}
	if err := needOutput(out, err); err != nil {
		return err
	}
	if force && !keep {
		t.Warnf("PostProcess returned forceOverride=true with keep=false: the input is discarded whatever keep_input_artifact the user sets. Return forceOverride only to force keeping the input")
	}
	if keep && force {
		t.Notef("keep and forceOverride: core always keeps the input")
		return nil
	}
	// Core destroys the input when it is not kept: keep=false, or keep=true
	// overridden by the user's keep_input_artifact = false.
	// Only files that exist now can be lost (a listed file that never
	// existed is artifact.contract's business).
	files := existingFiles(p, out.Files())
	if err := in.Destroy(); err != nil {
		return fmt.Errorf("destroying the input as core does: %w", err)
	}
	if gone := missingFiles(p, files); len(gone) > 0 {
		why := "PostProcess returned keep=false, so core destroyed the input"
		if keep {
			why = "with keep_input_artifact = false in the template, core destroys the input"
		}
		return Failf("%s, and the returned artifact lost its files:\n%s\nReturn a new artifact with its own files (never the input itself), or keep=true with forceOverride=true when the output is the input", why, joinLines("  ", gone))
	}
	t.Notef("keep=%v, forceOverride=%v; output survives the input's Destroy", keep, force)
	return nil
}

func runPostProcessInput(t *T) error {
	p, in, err := t.startWithInput()
	if err != nil {
		return err
	}
	before := snapshotFiles(p, in.Files())
	out, _, _, err := p.PostProcessor().PostProcess(t.ctx, &harness.UI{}, in)
	var problems []string
	if in.Destroyed() {
		problems = append(problems, "PostProcess called Destroy on its input: core destroys the input itself, according to keep and keep_input_artifact")
	}
	if gone := missingFiles(p, in.Files()); len(gone) > 0 && !in.Destroyed() {
		problems = append(problems, "PostProcess deleted input files:\n"+joinLines("  ", gone))
	}
	var changed []string
	for f, was := range before {
		if now, err := os.ReadFile(f); err == nil && !bytes.Equal(now, was) {
			changed = append(changed, f)
		}
	}
	if len(changed) > 0 {
		problems = append(problems, "PostProcess modified input files in place (write a new file instead):\n"+joinLines("  ", changed))
	}
	if len(problems) > 0 {
		return Failf("%s", strings.Join(problems, "\n"))
	}
	if err := needOutput(out, err); err != nil {
		return err
	}
	return nil
}

func runPostProcessCancel(t *T) error {
	p, in, err := t.startWithInput()
	if err != nil {
		return err
	}
	return t.cancelScenario(p, "PostProcess", nil, func(ctx context.Context) error {
		_, _, _, err := p.PostProcessor().PostProcess(ctx, &harness.UI{}, in)
		return err
	})
}
