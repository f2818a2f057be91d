package main

// Well-behaved building blocks for the defects the conformance suite is
// tested against (files conf_*.go). Each defect embeds one of these and
// changes exactly one thing, so a check that fails on it fails for that
// one reason. Identifiers start with "conf" so they never collide with the
// harness's own defect files in this package.

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2/hcldec"
	"github.com/hashicorp/packer-plugin-sdk/common"
	"github.com/hashicorp/packer-plugin-sdk/packer"
	registryimage "github.com/hashicorp/packer-plugin-sdk/packer/registry/image"
	"github.com/hashicorp/packer-plugin-sdk/template/config"
	"github.com/zclconf/go-cty/cty"
)

// confConfig is the configuration every conf_* component takes: an output
// file name and a number, decoded by the SDK exactly as generated plugins do.
type confConfig struct {
	common.PackerConfig `mapstructure:",squash"`
	Output              string `mapstructure:"output"`
	Level               int    `mapstructure:"level"`
}

// confFlatConfig is what packer-sdc mapstructure-to-hcl2 would generate.
type confFlatConfig struct {
	PackerBuildName     *string           `mapstructure:"packer_build_name" cty:"packer_build_name" hcl:"packer_build_name"`
	PackerBuilderType   *string           `mapstructure:"packer_builder_type" cty:"packer_builder_type" hcl:"packer_builder_type"`
	PackerCoreVersion   *string           `mapstructure:"packer_core_version" cty:"packer_core_version" hcl:"packer_core_version"`
	PackerDebug         *bool             `mapstructure:"packer_debug" cty:"packer_debug" hcl:"packer_debug"`
	PackerForce         *bool             `mapstructure:"packer_force" cty:"packer_force" hcl:"packer_force"`
	PackerOnError       *string           `mapstructure:"packer_on_error" cty:"packer_on_error" hcl:"packer_on_error"`
	PackerUserVars      map[string]string `mapstructure:"packer_user_variables" cty:"packer_user_variables" hcl:"packer_user_variables"`
	PackerSensitiveVars []string          `mapstructure:"packer_sensitive_variables" cty:"packer_sensitive_variables" hcl:"packer_sensitive_variables"`
	Output              *string           `mapstructure:"output" cty:"output" hcl:"output"`
	Level               *int              `mapstructure:"level" cty:"level" hcl:"level"`
}

func (*confConfig) FlatMapstructure() interface{ HCL2Spec() map[string]hcldec.Spec } {
	return new(confFlatConfig)
}

func (*confFlatConfig) HCL2Spec() map[string]hcldec.Spec {
	return map[string]hcldec.Spec{
		"packer_build_name":          &hcldec.AttrSpec{Name: "packer_build_name", Type: cty.String},
		"packer_builder_type":        &hcldec.AttrSpec{Name: "packer_builder_type", Type: cty.String},
		"packer_core_version":        &hcldec.AttrSpec{Name: "packer_core_version", Type: cty.String},
		"packer_debug":               &hcldec.AttrSpec{Name: "packer_debug", Type: cty.Bool},
		"packer_force":               &hcldec.AttrSpec{Name: "packer_force", Type: cty.Bool},
		"packer_on_error":            &hcldec.AttrSpec{Name: "packer_on_error", Type: cty.String},
		"packer_user_variables":      &hcldec.AttrSpec{Name: "packer_user_variables", Type: cty.Map(cty.String)},
		"packer_sensitive_variables": &hcldec.AttrSpec{Name: "packer_sensitive_variables", Type: cty.List(cty.String)},
		"output":                     &hcldec.AttrSpec{Name: "output", Type: cty.String},
		"level":                      &hcldec.AttrSpec{Name: "level", Type: cty.Number},
	}
}

func confSpec() hcldec.ObjectSpec { return new(confFlatConfig).HCL2Spec() }

// decode is the SDK's decode, rejecting unknown keys, plus the validation a
// real plugin does.
func (c *confConfig) decode(raws ...any) error {
	if err := config.Decode(c, &config.DecodeOpts{Interpolate: true}, raws...); err != nil {
		return err
	}
	if c.Level < 0 || c.Level > 9 {
		return fmt.Errorf("level must be between 0 and 9, got %d", c.Level)
	}
	return nil
}

// confDecodeInto is the SDK's decode into any config, as plugins do.
func confDecodeInto(c any, raws ...any) error {
	return config.Decode(c, &config.DecodeOpts{Interpolate: true}, raws...)
}

// outputPath is where PostProcess and Run write: the configured output, or
// a file named after the component in the working directory.
func (c *confConfig) outputPath(name string) string {
	if c.Output != "" {
		return c.Output
	}
	return "misbehave-" + name + ".out"
}

// confArtifact is a file artifact whose Destroy is idempotent. A builder's
// also carries its HCP Packer metadata.
type confArtifact struct {
	Paths []string
	Data  map[string]any
	HCP   any
}

func (a *confArtifact) BuilderId() string { return "misbehave.conf" }
func (a *confArtifact) Files() []string   { return a.Paths }
func (a *confArtifact) Id() string        { return strings.Join(a.Paths, ",") }
func (a *confArtifact) String() string    { return "files: " + strings.Join(a.Paths, ", ") }
func (a *confArtifact) State(name string) any {
	switch name {
	case "generated_data":
		return a.Data
	case registryimage.ArtifactStateURI:
		return a.HCP
	}
	return nil
}

// withHCP sets the HCP Packer metadata a builder's artifact gives core.
func withHCP(a *confArtifact) *confArtifact {
	img, err := registryimage.FromArtifact(a, registryimage.WithProvider("misbehave"), registryimage.WithRegion("local"))
	if err != nil {
		panic(err)
	}
	a.HCP = img
	return a
}
func (a *confArtifact) Destroy() error {
	for _, p := range a.Paths {
		if err := os.RemoveAll(p); err != nil {
			return err
		}
	}
	return nil
}

// confPP is a well-behaved post-processor: it concatenates its input's
// files into a new file and returns an artifact for that file, keeping the
// input.
type confPP struct {
	name   string
	config confConfig
}

func (p *confPP) ConfigSpec() hcldec.ObjectSpec { return confSpec() }

func (p *confPP) Configure(raws ...any) error {
	var c confConfig
	if err := c.decode(raws...); err != nil {
		return err
	}
	p.config = c
	return nil
}

// readInput reads every file of the input artifact; a missing file is an
// error that names it.
func confReadInput(in packer.Artifact) ([]byte, error) {
	var all []byte
	for _, f := range in.Files() {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("reading input artifact file: %w", err)
		}
		all = append(all, b...)
	}
	return all, nil
}

func (p *confPP) PostProcess(ctx context.Context, ui packer.Ui, in packer.Artifact) (packer.Artifact, bool, bool, error) {
	data, err := confReadInput(in)
	if err != nil {
		return nil, false, false, err
	}
	out, err := filepath.Abs(p.config.outputPath(p.name))
	if err != nil {
		return nil, false, false, err
	}
	if err := ctx.Err(); err != nil {
		return nil, false, false, err
	}
	ui.Say(fmt.Sprintf("writing %d bytes to %s", len(data), out))
	if err := os.WriteFile(out, data, 0o644); err != nil {
		return nil, false, false, err
	}
	return &confArtifact{Paths: []string{out}}, true, false, nil
}

// confBuilder is a well-behaved builder: it writes one file, runs the
// provision hook as core's builders do, and returns an artifact carrying
// generated_data.
type confBuilder struct {
	name   string
	config confConfig
}

func (b *confBuilder) ConfigSpec() hcldec.ObjectSpec { return confSpec() }

func (b *confBuilder) Prepare(raws ...any) ([]string, []string, error) {
	var c confConfig
	if err := c.decode(raws...); err != nil {
		return nil, nil, err
	}
	b.config = c
	return []string{"OutputPath"}, nil, nil
}

func (b *confBuilder) generatedData(out string) map[string]any {
	return map[string]any{"OutputPath": out, "PackerRunUUID": "conf", "PackerHTTPAddr": "", "ConnType": "none"}
}

func (b *confBuilder) Run(ctx context.Context, ui packer.Ui, hook packer.Hook) (packer.Artifact, error) {
	out, err := filepath.Abs(b.config.outputPath(b.name))
	if err != nil {
		return nil, err
	}
	ui.Say("building " + out)
	if err := hook.Run(ctx, packer.HookProvision, ui, nil, b.generatedData(out)); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := os.WriteFile(out, []byte("built by "+b.name+"\n"), 0o644); err != nil {
		return nil, err
	}
	return withHCP(&confArtifact{Paths: []string{out}, Data: b.generatedData(out)}), nil
}

// confProvisioner is a well-behaved provisioner: it runs one command and
// uploads one file through the communicator.
type confProvisioner struct {
	name   string
	config confConfig
}

func (p *confProvisioner) ConfigSpec() hcldec.ObjectSpec { return confSpec() }

func (p *confProvisioner) Prepare(raws ...any) error {
	var c confConfig
	if err := c.decode(raws...); err != nil {
		return err
	}
	p.config = c
	return nil
}

func (p *confProvisioner) Provision(ctx context.Context, ui packer.Ui, comm packer.Communicator, _ map[string]any) error {
	cmd := &packer.RemoteCmd{Command: "echo provisioned-by-" + p.name}
	if err := cmd.RunWithUi(ctx, comm, ui); err != nil {
		return err
	}
	if cmd.ExitStatus() != 0 {
		return fmt.Errorf("%q exited with %d", cmd.Command, cmd.ExitStatus())
	}
	return comm.Upload("/tmp/"+p.config.outputPath(p.name), strings.NewReader("uploaded\n"), nil)
}

// confDatasource is a well-behaved datasource returning one string.
type confDatasource struct {
	name   string
	config confConfig
}

func (d *confDatasource) ConfigSpec() hcldec.ObjectSpec { return confSpec() }

func (d *confDatasource) Configure(raws ...any) error {
	var c confConfig
	if err := c.decode(raws...); err != nil {
		return err
	}
	d.config = c
	return nil
}

func (d *confDatasource) OutputSpec() hcldec.ObjectSpec {
	return hcldec.ObjectSpec{
		"path":  &hcldec.AttrSpec{Name: "path", Type: cty.String},
		"level": &hcldec.AttrSpec{Name: "level", Type: cty.Number},
	}
}

func (d *confDatasource) Execute() (cty.Value, error) {
	return cty.ObjectVal(map[string]cty.Value{
		"path":  cty.StringVal(d.config.outputPath(d.name)),
		"level": cty.NumberIntVal(int64(d.config.Level)),
	}), nil
}

func init() {
	// The base components are well-behaved too: the suite must pass on them.
	postProcessors["conf-good"] = &confPP{name: "conf-good"}
	builders["conf-good"] = &confBuilder{name: "conf-good"}
	provisioners["conf-good"] = &confProvisioner{name: "conf-good"}
	datasources["conf-good"] = &confDatasource{name: "conf-good"}
}
