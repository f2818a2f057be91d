package main

import (
	"github.com/hashicorp/hcl/v2/hcldec"
	"github.com/hashicorp/packer-plugin-sdk/common"
	"github.com/zclconf/go-cty/cty"
)

// Right in an unusual way: an untagged config field. mapstructure names it
// by its Go name in errors ('Force' expected type 'bool'), which is still
// the attribute force; config.wrong-type must accept that.
type confUntaggedConfig struct {
	common.PackerConfig `mapstructure:",squash"`
	Force               bool
}

// confUntaggedFlat is what packer-sdc generates for it: the attribute is
// force, the mapstructure key Force.
type confUntaggedFlat struct {
	Force *bool `mapstructure:"Force" cty:"force" hcl:"force"`
}

func (*confUntaggedConfig) FlatMapstructure() interface{ HCL2Spec() map[string]hcldec.Spec } {
	return new(confUntaggedFlat)
}

func (*confUntaggedFlat) HCL2Spec() map[string]hcldec.Spec {
	return map[string]hcldec.Spec{"force": &hcldec.AttrSpec{Name: "force", Type: cty.Bool}}
}

type confUntaggedField struct{ confPP }

func (p *confUntaggedField) ConfigSpec() hcldec.ObjectSpec { return new(confUntaggedFlat).HCL2Spec() }

func (p *confUntaggedField) Configure(raws ...any) error {
	var c confUntaggedConfig
	return confDecodeInto(&c, raws...)
}

func init() {
	postProcessors["untagged-field"] = &confUntaggedField{confPP{name: "untagged-field"}}
}
