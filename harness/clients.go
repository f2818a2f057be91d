package harness

import (
	"context"
	"fmt"

	"github.com/hashicorp/hcl/v2/hcldec"
	"github.com/hashicorp/packer-plugin-sdk/packer"
	"github.com/zclconf/go-cty/cty"
)

// The clients below implement the SDK's component interfaces, so they can be
// handed to code written for Packer, and record every method as a Call.
// Methods whose SDK signature has no error (ConfigSpec, OutputSpec, the
// artifact's) return zero values on failure; the error is in the recorded
// Call (Plugin.LastCall().Err), and Plugin.ConfigSpec / Plugin.OutputSpec
// return it directly.
var (
	_ packer.Builder       = (*Builder)(nil)
	_ packer.PostProcessor = (*PostProcessor)(nil)
	_ packer.Provisioner   = (*Provisioner)(nil)
	_ packer.Datasource    = (*Datasource)(nil)
	_ packer.Artifact      = (*RemoteArtifact)(nil)
)

// Builder is the recorded client of a builder plugin.
type Builder struct{ p *Plugin }

// PostProcessor is the recorded client of a post-processor plugin.
type PostProcessor struct{ p *Plugin }

// Provisioner is the recorded client of a provisioner plugin.
type Provisioner struct{ p *Plugin }

// Datasource is the recorded client of a datasource plugin.
type Datasource struct{ p *Plugin }

// Builder returns the client, or nil when the plugin serves another kind.
func (p *Plugin) Builder() *Builder {
	if p.component.Kind != KindBuilder {
		return nil
	}
	return &Builder{p}
}

// PostProcessor returns the client, or nil when the plugin serves another kind.
func (p *Plugin) PostProcessor() *PostProcessor {
	if p.component.Kind != KindPostProcessor {
		return nil
	}
	return &PostProcessor{p}
}

// Provisioner returns the client, or nil when the plugin serves another kind.
func (p *Plugin) Provisioner() *Provisioner {
	if p.component.Kind != KindProvisioner {
		return nil
	}
	return &Provisioner{p}
}

// Datasource returns the client, or nil when the plugin serves another kind.
func (p *Plugin) Datasource() *Datasource {
	if p.component.Kind != KindDatasource {
		return nil
	}
	return &Datasource{p}
}

// ConfigSpec calls ConfigSpec on whichever kind the plugin serves.
func (p *Plugin) ConfigSpec() (hcldec.ObjectSpec, error) {
	return callValue(p, context.Background(), "ConfigSpec", false, func(context.Context) (hcldec.ObjectSpec, error) {
		var s interface{ ConfigSpec() hcldec.ObjectSpec }
		switch p.component.Kind {
		case KindBuilder:
			s = p.client.Builder()
		case KindPostProcessor:
			s = p.client.PostProcessor()
		case KindProvisioner:
			s = p.client.Provisioner()
		case KindDatasource:
			s = p.client.Datasource()
		default:
			return nil, fmt.Errorf("%w: unknown kind %q", ErrWrongKind, p.component.Kind)
		}
		return s.ConfigSpec(), nil
	})
}

// OutputSpec calls a datasource's OutputSpec.
func (p *Plugin) OutputSpec() (hcldec.ObjectSpec, error) {
	return callValue(p, context.Background(), "OutputSpec", false, func(context.Context) (hcldec.ObjectSpec, error) {
		if p.component.Kind != KindDatasource {
			return nil, fmt.Errorf("%w: OutputSpec is a datasource method, this is a %s", ErrWrongKind, p.component.Kind)
		}
		return p.client.Datasource().OutputSpec(), nil
	})
}

// ConfigSpec is a recorded ConfigSpec; nil on failure (see Plugin.ConfigSpec).
func (b *Builder) ConfigSpec() hcldec.ObjectSpec { s, _ := b.p.ConfigSpec(); return s }

// Prepare is core's Builder.Prepare: HCL2Args or JSONArgs build its args.
func (b *Builder) Prepare(args ...any) (generated []string, warnings []string, err error) {
	type prepared struct{ generated, warnings []string }
	r, err := callValue(b.p, context.Background(), "Prepare", false, func(context.Context) (prepared, error) {
		g, w, e := b.p.client.Builder().Prepare(args...)
		return prepared{g, w}, e
	})
	return r.generated, r.warnings, err
}

// Run runs the build; cancelling ctx sends the Cancel RPC, as core does.
func (b *Builder) Run(ctx context.Context, ui packer.Ui, hook packer.Hook) (packer.Artifact, error) {
	a, err := callValue(b.p, ctx, "Run", true, func(ctx context.Context) (packer.Artifact, error) {
		return b.p.client.Builder().Run(ctx, ui, hook)
	})
	return b.p.wrapArtifact(a), err
}

// ConfigSpec is a recorded ConfigSpec; nil on failure (see Plugin.ConfigSpec).
func (pp *PostProcessor) ConfigSpec() hcldec.ObjectSpec { s, _ := pp.p.ConfigSpec(); return s }

// Configure is core's PostProcessor.Configure.
func (pp *PostProcessor) Configure(args ...any) error {
	return pp.p.do(context.Background(), "Configure", false, func(context.Context) error {
		return pp.p.client.PostProcessor().Configure(args...)
	})
}

// PostProcess runs the post-processor on in; cancelling ctx sends Cancel.
func (pp *PostProcessor) PostProcess(ctx context.Context, ui packer.Ui, in packer.Artifact) (packer.Artifact, bool, bool, error) {
	type processed struct {
		a           packer.Artifact
		keep, force bool
	}
	r, err := callValue(pp.p, ctx, "PostProcess", true, func(ctx context.Context) (processed, error) {
		a, keep, force, e := pp.p.client.PostProcessor().PostProcess(ctx, ui, in)
		return processed{a, keep, force}, e
	})
	return pp.p.wrapArtifact(r.a), r.keep, r.force, err
}

// ConfigSpec is a recorded ConfigSpec; nil on failure (see Plugin.ConfigSpec).
func (pr *Provisioner) ConfigSpec() hcldec.ObjectSpec { s, _ := pr.p.ConfigSpec(); return s }

// Prepare is core's Provisioner.Prepare.
func (pr *Provisioner) Prepare(args ...any) error {
	return pr.p.do(context.Background(), "Prepare", false, func(context.Context) error {
		return pr.p.client.Provisioner().Prepare(args...)
	})
}

// Provision runs the provisioner; cancelling ctx sends Cancel.
func (pr *Provisioner) Provision(ctx context.Context, ui packer.Ui, comm packer.Communicator, generated map[string]any) error {
	return pr.p.do(ctx, "Provision", true, func(ctx context.Context) error {
		return pr.p.client.Provisioner().Provision(ctx, ui, comm, generated)
	})
}

// ConfigSpec is a recorded ConfigSpec; nil on failure (see Plugin.ConfigSpec).
func (d *Datasource) ConfigSpec() hcldec.ObjectSpec { s, _ := d.p.ConfigSpec(); return s }

// Configure is core's Datasource.Configure (HCL2 passes only the value).
func (d *Datasource) Configure(args ...any) error {
	return d.p.do(context.Background(), "Configure", false, func(context.Context) error {
		return d.p.client.Datasource().Configure(args...)
	})
}

// OutputSpec is a recorded OutputSpec; nil on failure (see Plugin.OutputSpec).
func (d *Datasource) OutputSpec() hcldec.ObjectSpec { s, _ := d.p.OutputSpec(); return s }

// Execute runs the datasource.
func (d *Datasource) Execute() (cty.Value, error) {
	return callValue(d.p, context.Background(), "Execute", false, func(context.Context) (cty.Value, error) {
		return d.p.client.Datasource().Execute()
	})
}

// RemoteArtifact is an artifact living in the plugin process (returned by
// Run or PostProcess); each method is a recorded call "Artifact.<Method>".
type RemoteArtifact struct {
	p *Plugin
	a packer.Artifact
}

func (p *Plugin) wrapArtifact(a packer.Artifact) packer.Artifact {
	if a == nil {
		return nil
	}
	return &RemoteArtifact{p: p, a: a}
}

// BuilderId, Files, Id, String and State are recorded calls into the plugin.
func (r *RemoteArtifact) BuilderId() string {
	return artifactCall(r, "BuilderId", packer.Artifact.BuilderId)
}
func (r *RemoteArtifact) Files() []string { return artifactCall(r, "Files", packer.Artifact.Files) }
func (r *RemoteArtifact) Id() string      { return artifactCall(r, "Id", packer.Artifact.Id) }
func (r *RemoteArtifact) String() string  { return artifactCall(r, "String", packer.Artifact.String) }
func (r *RemoteArtifact) State(name string) any {
	return artifactCall(r, "State", func(a packer.Artifact) any { return a.State(name) })
}

// artifactCall records a call of an artifact method that has no error in
// its signature; on failure it returns the zero value (the error is in the
// recorded Call).
func artifactCall[T any](r *RemoteArtifact, method string, get func(packer.Artifact) T) T {
	v, _ := callValue(r.p, context.Background(), "Artifact."+method, false, func(context.Context) (T, error) { return get(r.a), nil })
	return v
}

// Destroy asks the plugin to destroy the artifact, as core does when the
// input of a post-processor is not kept.
func (r *RemoteArtifact) Destroy() error {
	return r.p.do(context.Background(), "Artifact.Destroy", false, func(context.Context) error { return r.a.Destroy() })
}
