package conformance

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/hashicorp/packer-plugin-sdk/packer"

	"github.com/packer-plugin-dev/packer-plugin-dev/conformance/sample"
	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
)

// Post-processor checks: what core's build loop relies on when it calls
// PostProcess and handles keep, forceOverride and Destroy.

var checkPostprocessResult = &Check{
	ID: "postprocess.result", Kinds: onPostProcessors, NeedsConfig: true, Main: true,
	Summary: "PostProcess returns an artifact or an error, never neither; warns when it fails (input file missing) and leaves what it created behind",
	run:     runPostProcessResult,
	repro:   reproNilArtifact,
}

var checkPostprocessKeep = &Check{
	ID: "postprocess.keep", Kinds: onPostProcessors, NeedsConfig: true,
	Summary: "after core's keep handling (Destroy on the input unless kept), the returned artifact's files still exist; forceOverride without keep is a warning",
	run:     runPostProcessKeep,
	repro:   reproFilesGone("packer build succeeds and reports an artifact whose files it has already destroyed"),
}

var checkPostprocessInput = &Check{
	ID: "postprocess.input", Kinds: onPostProcessors, NeedsConfig: true,
	Summary: "PostProcess neither destroys nor modifies its input artifact (core owns it)",
	run:     runPostProcessInput,
	repro:   reproInputTouched,
}

var checkPostprocessCancel = &Check{
	ID: "postprocess.cancel", Kinds: onPostProcessors, NeedsConfig: true,
	Summary: "a PostProcess cancelled where it waits on the outside world returns within the cancel deadline (--cancel-timeout, default 5s); skipped when it never waits",
	run:     runPostProcessCancel,
	repro:   reproCancel,
}

// startWithInput starts a fresh, configured process and creates a fresh
// input artifact in its sandbox.
func (t *checkEnv) startWithInput() (*harness.Plugin, *harness.FileArtifact, error) {
	p, err := t.startConfigured()
	if err != nil {
		return nil, nil, err
	}
	in, err := t.newInput(p, "input")
	if err != nil {
		return nil, nil, err
	}
	return p, in, nil
}

// postProcessed is one PostProcess call on a fresh input in a fresh,
// configured process, and what it returned.
type postProcessed struct {
	t           *checkEnv
	plugin      *harness.Plugin
	in          *harness.FileArtifact
	out         packer.Artifact
	keep, force bool
	err         error // PostProcess's own error
}

// postProcess runs PostProcess; the error is the scenario's (no start, no
// configuration), PostProcess's own is in the result.
func (t *checkEnv) postProcess() (*postProcessed, error) {
	p, in, err := t.startWithInput()
	if err != nil {
		return nil, err
	}
	r := &postProcessed{t: t, plugin: p, in: in}
	held, _ := t.untilHeld(p, func(ctx context.Context) error {
		r.out, r.keep, r.force, r.err = p.PostProcessor().PostProcess(ctx, &harness.UI{}, in)
		return r.err
	})
	if held != nil {
		return nil, needsOutside("PostProcess", held, postProcessChecks)
	}
	return r, nil
}

// needOutput turns a failed or empty PostProcess into a skip: the scenario
// needs its artifact, and postprocess.result judges why there is none.
func (r *postProcessed) needOutput() error {
	if r.err != nil {
		return skipf("PostProcess failed on %s, so there is no output to check (see postprocess.result):\n%s", r.t.input().Describe(), errorText(r.err))
	}
	if r.out == nil {
		return skipf("PostProcess returned no artifact (see postprocess.result)")
	}
	return nil
}

// postProcessChecks are the checks that need a PostProcess to run here.
const postProcessChecks = "postprocess.result,postprocess.keep,postprocess.input,postprocess.cancel,artifact.contract"

// inputHint says how to give a post-processor what it needs to run here.
const inputHint = "If it needs another input, give it in " + sample.FileName + `: conformance { input_artifact { builder_id = "...", files = ["..."] } }` +
	"; if it needs external resources, give what it needs with conformance { env = { ... } }, or --skip the post-process checks"

func runPostProcessResult(t *checkEnv) error {
	r, err := t.postProcess()
	if err != nil {
		return err
	}
	if r.err != nil {
		return skipf("PostProcess failed on %s, configured with %s, so its result could not be checked:\n%s\n%s", t.input().Describe(), t.setup.config.Source, errorText(r.err), inputHint)
	}
	if r.out == nil {
		return failf("PostProcess returned neither an artifact nor an error: Packer stops the post-processor chain there without a word (packer/build.go) and the build reports no artifact. The SDK's PostProcess \"produces another Artifact\": return it, or an error saying what went wrong")
	}

	t.Notef("returned an artifact for %s (%s)", t.input().Describe(), strings.TrimSpace(r.out.String()))

	// The failure path: an input whose files do not exist. Partial output
	// left behind is untidy, but core does not rely on its absence.
	p, err := t.startConfigured()
	if err != nil {
		return err
	}
	broken, err := t.newInput(p, "missing-input")
	if err != nil {
		return err
	}
	for _, f := range broken.Files() {
		os.Remove(f)
	}
	var out packer.Artifact
	held, err := t.untilHeld(p, func(ctx context.Context) (err error) {
		out, _, _, err = p.PostProcessor().PostProcess(ctx, &harness.UI{}, broken)
		return err
	})
	if held != nil {
		t.Notef("the failure path is not judged: on an input whose files do not exist it waited on %s", held.What)
		return nil
	}
	if err == nil {
		t.Notef("the failure path is not judged: it accepted an input whose files do not exist")
		if out != nil {
			out.Destroy()
		}
		return nil
	}
	call := lastCall(p, "PostProcess")
	if left := createdAndLeft(call); len(left) > 0 {
		t.Warnf("PostProcess failed on an input whose files do not exist and left behind what it created (Packer does not rely on this, but the user finds partial output after a failed build):\n%s\nthe error was: %s", joinLines("  ", left), errorText(err))
		return nil
	}
	t.Notef("failed cleanly on an input whose files do not exist")
	return nil
}

func runPostProcessKeep(t *checkEnv) error {
	r, err := t.postProcess()
	if err != nil {
		return err
	}
	if err := r.needOutput(); err != nil {
		return err
	}
	p, keep, force := r.plugin, r.keep, r.force
	if force && !keep {
		t.Warnf("PostProcess returned forceOverride=true with keep=false. The SDK documents that the input is then discarded whatever keep_input_artifact the user sets, but Packer 1.16 applies forceOverride only with keep=true (packer/build.go), so it has no effect: return forceOverride=false, or keep=true with forceOverride=true to force keeping the input")
	}
	if keep && force {
		t.Notef("keep and forceOverride: core always keeps the input")
		return nil
	}
	// Core destroys the input when it is not kept: keep=false, or keep=true
	// overridden by the user's keep_input_artifact = false.
	// Only files that exist now can be lost (a listed file that never
	// existed is artifact.contract's business).
	files := existingFiles(p, r.out.Files())
	if err := r.in.Destroy(); err != nil {
		return fmt.Errorf("destroying the input as core does: %w", err)
	}
	if gone := missingFiles(p, files); len(gone) > 0 {
		why := "PostProcess returned keep=false, so core destroyed the input"
		if keep {
			why = "with keep_input_artifact = false in the template, core destroys the input"
		}
		return failf("%s, and the returned artifact lost its files: Packer reports an artifact that is gone.\n%s\nReturn a new artifact with its own files (never the input itself), or keep=true with forceOverride=true when the output is the input", why, joinLines("  ", gone))
	}
	t.Notef("keep=%v, forceOverride=%v; output survives the input's Destroy", keep, force)
	return nil
}

func runPostProcessInput(t *checkEnv) error {
	p, in, err := t.startWithInput()
	if err != nil {
		return err
	}
	before := snapshotFiles(p, in.Files())
	var out packer.Artifact
	held, err := t.untilHeld(p, func(ctx context.Context) (err error) {
		out, _, _, err = p.PostProcessor().PostProcess(ctx, &harness.UI{}, in)
		return err
	})
	if held != nil {
		return needsOutside("PostProcess", held, postProcessChecks)
	}
	var problems []string
	if in.Destroyed() {
		problems = append(problems, "PostProcess called Destroy on its input: core destroys the input itself, according to keep and keep_input_artifact, and other post-processors of the build may still read it")
	}
	if gone := missingFiles(p, in.Files()); len(gone) > 0 && !in.Destroyed() {
		problems = append(problems, "PostProcess deleted input files, which other post-processors of the build may still read, and which core keeps when the user sets keep_input_artifact = true:\n"+joinLines("  ", gone))
	}
	var changed []string
	for f, was := range before {
		if now, err := os.ReadFile(f); err == nil && !bytes.Equal(now, was) {
			changed = append(changed, f)
		}
	}
	if len(changed) > 0 {
		problems = append(problems, "PostProcess modified input files in place, which other post-processors of the build may still read (write a new file instead):\n"+joinLines("  ", changed))
	}
	if len(problems) > 0 {
		return failFindings("", problems, "")
	}
	return (&postProcessed{t: t, out: out, err: err}).needOutput()
}

func runPostProcessCancel(t *checkEnv) error {
	p, in, err := t.startWithInput()
	if err != nil {
		return err
	}
	return t.cancelScenario(p, "PostProcess", func(ctx context.Context) error {
		_, _, _, err := p.PostProcessor().PostProcess(ctx, &harness.UI{}, in)
		return err
	})
}
