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
	var spec hcldec.ObjectSpec
	err := p.do(context.Background(), "ConfigSpec", false, func(context.Context) error {
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
			return fmt.Errorf("%w: unknown kind %q", ErrWrongKind, p.component.Kind)
		}
		spec = s.ConfigSpec()
		return nil
	})
	return spec, err
}

// OutputSpec calls a datasource's OutputSpec.
func (p *Plugin) OutputSpec() (hcldec.ObjectSpec, error) {
	var spec hcldec.ObjectSpec
	err := p.do(context.Background(), "OutputSpec", false, func(context.Context) error {
		if p.component.Kind != KindDatasource {
			return fmt.Errorf("%w: OutputSpec is a datasource method, this is a %s", ErrWrongKind, p.component.Kind)
		}
		spec = p.client.Datasource().OutputSpec()
		return nil
	})
	return spec, err
}

// ConfigSpec is a recorded ConfigSpec; nil on failure (see Plugin.ConfigSpec).
func (b *Builder) ConfigSpec() hcldec.ObjectSpec { s, _ := b.p.ConfigSpec(); return s }

// Prepare is core's Builder.Prepare: HCL2Args or JSONArgs build its args.
func (b *Builder) Prepare(args ...interface{}) (generated []string, warnings []string, err error) {
	err = b.p.do(context.Background(), "Prepare", false, func(context.Context) error {
		var e error
		generated, warnings, e = b.p.client.Builder().Prepare(args...)
		return e
	})
	return generated, warnings, err
}

// Run runs the build; cancelling ctx sends the Cancel RPC, as core does.
func (b *Builder) Run(ctx context.Context, ui packer.Ui, hook packer.Hook) (packer.Artifact, error) {
	var a packer.Artifact
	err := b.p.do(ctx, "Run", true, func(ctx context.Context) error {
		var e error
		a, e = b.p.client.Builder().Run(ctx, ui, hook)
		return e
	})
	return b.p.wrapArtifact(a), err
}

// ConfigSpec is a recorded ConfigSpec; nil on failure (see Plugin.ConfigSpec).
func (pp *PostProcessor) ConfigSpec() hcldec.ObjectSpec { s, _ := pp.p.ConfigSpec(); return s }

// Configure is core's PostProcessor.Configure.
func (pp *PostProcessor) Configure(args ...interface{}) error {
	return pp.p.do(context.Background(), "Configure", false, func(context.Context) error {
		return pp.p.client.PostProcessor().Configure(args...)
	})
}

// PostProcess runs the post-processor on in; cancelling ctx sends Cancel.
func (pp *PostProcessor) PostProcess(ctx context.Context, ui packer.Ui, in packer.Artifact) (packer.Artifact, bool, bool, error) {
	var (
		a           packer.Artifact
		keep, force bool
	)
	err := pp.p.do(ctx, "PostProcess", true, func(ctx context.Context) error {
		var e error
		a, keep, force, e = pp.p.client.PostProcessor().PostProcess(ctx, ui, in)
		return e
	})
	return pp.p.wrapArtifact(a), keep, force, err
}

// ConfigSpec is a recorded ConfigSpec; nil on failure (see Plugin.ConfigSpec).
func (pr *Provisioner) ConfigSpec() hcldec.ObjectSpec { s, _ := pr.p.ConfigSpec(); return s }

// Prepare is core's Provisioner.Prepare.
func (pr *Provisioner) Prepare(args ...interface{}) error {
	return pr.p.do(context.Background(), "Prepare", false, func(context.Context) error {
		return pr.p.client.Provisioner().Prepare(args...)
	})
}

// Provision runs the provisioner; cancelling ctx sends Cancel.
func (pr *Provisioner) Provision(ctx context.Context, ui packer.Ui, comm packer.Communicator, generated map[string]interface{}) error {
	return pr.p.do(ctx, "Provision", true, func(ctx context.Context) error {
		return pr.p.client.Provisioner().Provision(ctx, ui, comm, generated)
	})
}

// ConfigSpec is a recorded ConfigSpec; nil on failure (see Plugin.ConfigSpec).
func (d *Datasource) ConfigSpec() hcldec.ObjectSpec { s, _ := d.p.ConfigSpec(); return s }

// Configure is core's Datasource.Configure (HCL2 passes only the value).
func (d *Datasource) Configure(args ...interface{}) error {
	return d.p.do(context.Background(), "Configure", false, func(context.Context) error {
		return d.p.client.Datasource().Configure(args...)
	})
}

// OutputSpec is a recorded OutputSpec; nil on failure (see Plugin.OutputSpec).
func (d *Datasource) OutputSpec() hcldec.ObjectSpec { s, _ := d.p.OutputSpec(); return s }

// Execute runs the datasource.
func (d *Datasource) Execute() (cty.Value, error) {
	v := cty.NilVal
	err := d.p.do(context.Background(), "Execute", false, func(context.Context) error {
		var e error
		v, e = d.p.client.Datasource().Execute()
		return e
	})
	return v, err
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
func (r *RemoteArtifact) State(name string) interface{} {
	return artifactCall(r, "State", func(a packer.Artifact) interface{} { return a.State(name) })
}

// artifactCall records a call of an artifact method that has no error in
// its signature; on failure it returns the zero value (the error is in the
// recorded Call).
func artifactCall[T any](r *RemoteArtifact, method string, get func(packer.Artifact) T) T {
	var v T
	_ = r.p.do(context.Background(), "Artifact."+method, false, func(context.Context) error { v = get(r.a); return nil })
	return v
}

// Destroy asks the plugin to destroy the artifact, as core does when the
// input of a post-processor is not kept.
func (r *RemoteArtifact) Destroy() error {
	return r.p.do(context.Background(), "Artifact.Destroy", false, func(context.Context) error { return r.a.Destroy() })
}
