package main

// Well-behaved components for the harness's own tests (files harness_*.go):
// "good" of each kind has no side effect in any call, so the harness must
// report nothing for it. Each harness defect embeds hxPP and changes one
// call. Identifiers start with "hx" to stay apart from the conf_* files.

import (
	"context"
	"fmt"

	"github.com/hashicorp/hcl/v2/hcldec"
	"github.com/hashicorp/packer-plugin-sdk/common"
	"github.com/hashicorp/packer-plugin-sdk/packer"
	registryimage "github.com/hashicorp/packer-plugin-sdk/packer/registry/image"
	"github.com/hashicorp/packer-plugin-sdk/template/config"
	"github.com/zclconf/go-cty/cty"
)

// hxConfig is what every harness component takes: a target (a path, an
// address or a URL, depending on the defect) and the injected keys.
type hxConfig struct {
	common.PackerConfig `mapstructure:",squash"`
	Target              string `mapstructure:"target"`
}

// hxFlatConfig stands for what packer-sdc would generate; config.Decode
// needs it to decode the HCL2 value.
type hxFlatConfig struct {
	PackerBuildName     *string           `mapstructure:"packer_build_name" cty:"packer_build_name"`
	PackerBuilderType   *string           `mapstructure:"packer_builder_type" cty:"packer_builder_type"`
	PackerCoreVersion   *string           `mapstructure:"packer_core_version" cty:"packer_core_version"`
	PackerDebug         *bool             `mapstructure:"packer_debug" cty:"packer_debug"`
	PackerForce         *bool             `mapstructure:"packer_force" cty:"packer_force"`
	PackerOnError       *string           `mapstructure:"packer_on_error" cty:"packer_on_error"`
	PackerUserVars      map[string]string `mapstructure:"packer_user_variables" cty:"packer_user_variables"`
	PackerSensitiveVars []string          `mapstructure:"packer_sensitive_variables" cty:"packer_sensitive_variables"`
	Target              *string           `mapstructure:"target" cty:"target"`
}

func (*hxConfig) FlatMapstructure() interface{ HCL2Spec() map[string]hcldec.Spec } {
	return new(hxFlatConfig)
}

func (*hxFlatConfig) HCL2Spec() map[string]hcldec.Spec { return hxSpec() }

func hxSpec() hcldec.ObjectSpec {
	return hcldec.ObjectSpec{
		"packer_build_name":          &hcldec.AttrSpec{Name: "packer_build_name", Type: cty.String},
		"packer_builder_type":        &hcldec.AttrSpec{Name: "packer_builder_type", Type: cty.String},
		"packer_core_version":        &hcldec.AttrSpec{Name: "packer_core_version", Type: cty.String},
		"packer_debug":               &hcldec.AttrSpec{Name: "packer_debug", Type: cty.Bool},
		"packer_force":               &hcldec.AttrSpec{Name: "packer_force", Type: cty.Bool},
		"packer_on_error":            &hcldec.AttrSpec{Name: "packer_on_error", Type: cty.String},
		"packer_user_variables":      &hcldec.AttrSpec{Name: "packer_user_variables", Type: cty.Map(cty.String)},
		"packer_sensitive_variables": &hcldec.AttrSpec{Name: "packer_sensitive_variables", Type: cty.List(cty.String)},
		"target":                     &hcldec.AttrSpec{Name: "target", Type: cty.String},
	}
}

func (c *hxConfig) decode(raws ...any) error {
	return config.Decode(c, &config.DecodeOpts{}, raws...)
}

// hxArtifact is an artifact with no files; a builder's carries the build
// values as "generated_data" and its HCP Packer metadata, as core's
// builders do.
type hxArtifact struct {
	id            string
	generatedData map[string]any
}

func (a *hxArtifact) BuilderId() string { return "misbehave.harness" }
func (a *hxArtifact) Files() []string   { return nil }
func (a *hxArtifact) Id() string        { return a.id }
func (a *hxArtifact) String() string    { return "harness artifact " + a.id }
func (a *hxArtifact) State(name string) any {
	if a.generatedData == nil {
		return nil // not a builder's
	}
	switch name {
	case "generated_data":
		return a.generatedData
	case registryimage.ArtifactStateURI:
		img, _ := registryimage.FromArtifact(a, registryimage.WithRegion("local"))
		return img
	}
	return nil
}
func (a *hxArtifact) Destroy() error { return nil }

// hxPP is a well-behaved post-processor.
type hxPP struct{ config hxConfig }

func (p *hxPP) ConfigSpec() hcldec.ObjectSpec { return hxSpec() }

func (p *hxPP) Configure(raws ...any) error { return p.config.decode(raws...) }

func (p *hxPP) PostProcess(ctx context.Context, ui packer.Ui, in packer.Artifact) (packer.Artifact, bool, bool, error) {
	ui.Say("post-processing " + in.Id())
	return &hxArtifact{id: "pp-" + in.Id()}, true, false, nil
}

// hxBuilder is a well-behaved builder.
type hxBuilder struct{ config hxConfig }

func (b *hxBuilder) ConfigSpec() hcldec.ObjectSpec { return hxSpec() }

func (b *hxBuilder) Prepare(raws ...any) ([]string, []string, error) {
	if err := b.config.decode(raws...); err != nil {
		return nil, nil, err
	}
	return []string{"Greeting"}, nil, nil
}

func (b *hxBuilder) Run(ctx context.Context, ui packer.Ui, hook packer.Hook) (packer.Artifact, error) {
	ui.Say("building " + b.config.PackerBuildName)
	// The values Prepare announced, as the provision hook and the
	// artifact get them.
	generated := map[string]any{"Greeting": "hello"}
	if err := hook.Run(ctx, packer.HookProvision, ui, nil, generated); err != nil {
		return nil, err
	}
	return &hxArtifact{id: "built", generatedData: generated}, nil
}

// hxProvisioner is a well-behaved provisioner.
type hxProvisioner struct{ config hxConfig }

func (p *hxProvisioner) ConfigSpec() hcldec.ObjectSpec { return hxSpec() }

func (p *hxProvisioner) Prepare(raws ...any) error { return p.config.decode(raws...) }

func (p *hxProvisioner) Provision(ctx context.Context, ui packer.Ui, comm packer.Communicator, _ map[string]any) error {
	cmd := &packer.RemoteCmd{Command: "echo hello"}
	if err := cmd.RunWithUi(ctx, comm, ui); err != nil {
		return err
	}
	if cmd.ExitStatus() != 0 {
		return fmt.Errorf("%q exited with %d", cmd.Command, cmd.ExitStatus())
	}
	return nil
}

// hxDatasource is a well-behaved datasource.
type hxDatasource struct{ config hxConfig }

func (d *hxDatasource) ConfigSpec() hcldec.ObjectSpec { return hxSpec() }

func (d *hxDatasource) Configure(raws ...any) error { return d.config.decode(raws...) }

func (d *hxDatasource) OutputSpec() hcldec.ObjectSpec {
	return hcldec.ObjectSpec{"greeting": &hcldec.AttrSpec{Name: "greeting", Type: cty.String}}
}

func (d *hxDatasource) Execute() (cty.Value, error) {
	return cty.ObjectVal(map[string]cty.Value{"greeting": cty.StringVal("hello " + d.config.Target)}), nil
}

func init() {
	postProcessors["good"] = &hxPP{}
	builders["good"] = &hxBuilder{}
	provisioners["good"] = &hxProvisioner{}
	datasources["good"] = &hxDatasource{}
}
