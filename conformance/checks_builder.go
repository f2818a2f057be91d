package conformance

import (
	"context"
	"maps"
	"strings"

	"github.com/hashicorp/packer-plugin-sdk/packer"

	"github.com/packer-plugin-dev/packer-plugin-dev/conformance/sample"
	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
)

// Builder checks: Prepare both ways, Run with core's hook, cancellation.

var checkBuilderPrepare = &Check{
	ID: "builder.prepare", Kinds: onBuilders, NeedsConfig: true,
	Summary: "Prepare accepts the valid configuration in HCL2 and JSON form and lists its generated variables",
	run:     runBuilderPrepare,
	repro:   reproBuilderJSON,
}

var checkBuilderRun = &Check{
	ID: "builder.run", Kinds: onBuilders, NeedsConfig: true, Main: true,
	Summary: "Run calls the packer_provision hook and returns an artifact with generated_data in its state",
	run:     runBuilderRun,
	repro:   reproNoHook,
}

var checkBuilderCancel = &Check{
	ID: "builder.cancel", Kinds: onBuilders, NeedsConfig: true,
	Summary: "a Run cancelled where it waits (in the provision hook, or on the outside world first) returns within the cancel deadline; skipped when it never waits",
	run:     runBuilderCancel,
	repro:   reproCancel,
}

// runBuilderPrepare judges the JSON form, in a process of its own: setup
// found Prepare accepts the HCL2 form, and what it declared.
func runBuilderPrepare(t *checkEnv) error {
	cfg, err := t.Config()
	if err != nil {
		return err
	}
	p, err := t.Start()
	if err != nil {
		return err
	}
	if _, _, err := p.Builder().Prepare(jsonArgs(harness.KindBuilder, maps.Clone(cfg.JSON))...); err != nil {
		return failf("Prepare (legacy JSON) rejected %s, which it accepts in HCL2: %s\nPacker still builds legacy JSON templates (and `packer hcl2_upgrade` starts from them); decode with config.Decode, which takes both forms", cfg.Source, errorText(err))
	}
	if gen := t.setup.generated; len(gen) > 0 {
		t.Notef("generated variables: %s", strings.Join(gen, ", "))
	}
	if warns := t.setup.warnings; len(warns) > 0 {
		t.Notef("warnings: %s", strings.Join(warns, "; "))
	}
	return nil
}

// build runs the build in a fresh configured process with a recording
// hook. A nil plugin means the scenario could not run, and the error says
// why: no start, or a Run that waited on the outside world.
func (t *checkEnv) build(hook *harness.Hook) (*harness.Plugin, packer.Artifact, error) {
	p, err := t.startConfigured()
	if err != nil {
		return nil, nil, err
	}
	var a packer.Artifact
	held, err := t.untilHeld(p, func(ctx context.Context) (err error) {
		a, err = p.Builder().Run(ctx, &harness.UI{}, hook)
		return err
	})
	if held != nil {
		return nil, nil, needsOutside("Run", held, "builder.run,builder.cancel,artifact.contract,artifact.hcp-metadata")
	}
	return p, a, err
}

// builderHint says how to let a builder run here, or skip what cannot.
const builderHint = "A builder that needs real infrastructure cannot run in the sandbox: give what it needs in " + sample.FileName + " (conformance { env = { ... } }), or --skip builder.run,builder.cancel,artifact.contract"

func runBuilderRun(t *checkEnv) error {
	hook := &harness.Hook{}
	p, a, err := t.build(hook)
	if p == nil {
		return err
	}
	if err != nil {
		return skipf("Run failed in the sandbox, configured with %s, so the build could not be checked:\n%s\n%s", t.setup.config.Source, errorText(err), builderHint)
	}
	var problems []string
	provisioned := false
	for _, c := range hook.Calls() {
		if c.Name == packer.HookProvision {
			provisioned = true
		}
	}
	if !provisioned {
		problems = append(problems, "Run never called the packer_provision hook, so no provisioner of the template would run (core runs them inside that hook): add commonsteps.StepProvision to the steps")
	}
	if a == nil {
		t.Warnf("Run returned no artifact and no error: Packer then runs no post-processor and says \"Builds finished but no artifacts were created\" (packer/build.go); return the artifact the build produced, unless it truly produces none")
	} else if gd := a.State("generated_data"); gd == nil {
		// Core reads generated_data only when it is there; only the
		// variables Prepare declared go missing without it.
		if gen := t.setup.generated; len(gen) > 0 {
			t.Warnf("the artifact has no \"generated_data\" in its state, although Prepare declared the generated variables %s: post-processors that read build.<name> get placeholders. Put state.Get(\"generated_data\") in the artifact's StateData", strings.Join(gen, ", "))
		}
	}
	if len(problems) > 0 {
		return failFindings("", problems, "")
	}
	if a != nil {
		t.Notef("hook called, artifact %s", strings.TrimSpace(a.String()))
	}
	return nil
}

func runBuilderCancel(t *checkEnv) error {
	p, err := t.startConfigured()
	if err != nil {
		return err
	}
	// The hook is where core runs provisioners, and a provisioner may run
	// for as long as it likes: the hook holds until the cancel reaches it.
	hook := &harness.Hook{World: p.World()}
	return t.cancelScenario(p, "Run", func(ctx context.Context) error {
		_, err := p.Builder().Run(ctx, &harness.UI{}, hook)
		return err
	})
}
