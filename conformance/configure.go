package conformance

// Configuring a component as core does: the arguments of Prepare and
// Configure in HCL2 and legacy JSON, and the valid configuration setup
// found.

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2/hcldec"
	"github.com/zclconf/go-cty/cty"

	"github.com/packer-plugin-dev/packer-plugin-dev/conformance/sample"
	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/naming"
)

// validConfig is a configuration the component accepted during setup.
type validConfig struct {
	// Source says where it came from: "the empty configuration" or the
	// sample block's position.
	Source string
	// Value is the HCL2 value decoded against the ConfigSpec.
	Value cty.Value
	// JSON is the same configuration as a legacy JSON template gives it:
	// only the attributes that are set.
	JSON map[string]any
	// block is the sample or example block it came from; nil for the
	// empty configuration.
	block *sample.Block
}

// coreVars are the packer_* values the suite injects, as a build named
// "conformance" would.
func coreVars() harness.CoreVars {
	v := harness.DefaultCoreVars()
	v.BuildName = "conformance"
	return v
}

// hcl2Args and jsonArgs build what core passes to Prepare/Configure.
func hcl2Args(k harness.Kind, val cty.Value) []any {
	return harness.HCL2Args(k, coreVars(), val)
}

func jsonArgs(k harness.Kind, raw map[string]any) []any {
	return harness.JSONArgs(k, coreVars(), raw)
}

// supportsJSON: datasources exist only in HCL2 templates.
func supportsJSON(k harness.Kind) bool { return k != harness.KindDatasource }

// prepared is what Prepare/Configure returned besides an error.
type prepared struct {
	GeneratedVars, Warnings []string
}

// configure calls Prepare (builders, provisioners) or Configure
// (post-processors, datasources) with args.
func configure(p *harness.Plugin, args []any) (prepared, error) {
	switch p.Component().Kind {
	case harness.KindBuilder:
		gen, warn, err := p.Builder().Prepare(args...)
		return prepared{GeneratedVars: gen, Warnings: warn}, err
	case harness.KindPostProcessor:
		return prepared{}, p.PostProcessor().Configure(args...)
	case harness.KindProvisioner:
		return prepared{}, p.Provisioner().Prepare(args...)
	case harness.KindDatasource:
		return prepared{}, p.Datasource().Configure(args...)
	}
	return prepared{}, fmt.Errorf("unknown component kind %q", p.Component().Kind)
}

// configureName is the method configure calls, for messages.
func configureName(k harness.Kind) string {
	if k == harness.KindBuilder || k == harness.KindProvisioner {
		return "Prepare"
	}
	return "Configure"
}

// startConfigured starts a fresh process in a World of its own and
// configures it with the valid configuration the HCL2 way, as core does
// before every use.
func (t *checkEnv) startConfigured() (*harness.Plugin, error) {
	cfg, err := t.Config()
	if err != nil {
		return nil, err
	}
	w, err := t.newWorld()
	if err != nil {
		return nil, err
	}
	opts := t.options()
	opts.Contain, opts.World = false, w
	p, err := t.startWith(opts)
	if err != nil {
		return nil, err
	}
	if _, err := p.ConfigSpec(); err != nil {
		return nil, failf("ConfigSpec failed: %v", err)
	}
	if _, err := configure(p, hcl2Args(t.Component.Kind, cfg.Value)); err != nil {
		return nil, failf("%s rejected %s, which it accepted during setup: %v", configureName(t.Component.Kind), cfg.Source, errorText(err))
	}
	return p, nil
}

// userAttrs lists the top-level attributes of spec a template author sets
// (not the injected packer_* ones), sorted, with their types.
func userAttrs(spec hcldec.ObjectSpec) []attr {
	var out []attr
	for key, s := range spec {
		a, ok := s.(*hcldec.AttrSpec)
		if !ok || naming.IsCoreKey(key) {
			continue
		}
		out = append(out, attr{Name: a.Name, Type: a.Type})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

type attr struct {
	Name string
	Type cty.Type
}

// firstLine is the first line of s, for one-line summaries; messages
// carry the whole text.
func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " ..."
	}
	return s
}

// indentRest indents every line of a multi-line message but the first.
func indentRest(s string, n int) string {
	return strings.ReplaceAll(s, "\n", "\n"+strings.Repeat(" ", n))
}
