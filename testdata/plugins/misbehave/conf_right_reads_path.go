package main

import (
	"fmt"
	"os"

	"github.com/hashicorp/hcl/v2/hcldec"
	"github.com/hashicorp/packer-plugin-sdk/common"
	"github.com/zclconf/go-cty/cty"
)

// Right in an unusual way: a datasource whose empty configuration is valid
// but whose Execute needs a path, given in its sample block.
type confReadsPathConfig struct {
	common.PackerConfig `mapstructure:",squash"`
	Path                string `mapstructure:"path"`
}

type confReadsPathFlat struct {
	Path *string `mapstructure:"path" cty:"path" hcl:"path"`
}

func (*confReadsPathConfig) FlatMapstructure() interface{ HCL2Spec() map[string]hcldec.Spec } {
	return new(confReadsPathFlat)
}

func (*confReadsPathFlat) HCL2Spec() map[string]hcldec.Spec {
	return map[string]hcldec.Spec{"path": &hcldec.AttrSpec{Name: "path", Type: cty.String}}
}

type confReadsPath struct{ config confReadsPathConfig }

func (d *confReadsPath) ConfigSpec() hcldec.ObjectSpec { return new(confReadsPathFlat).HCL2Spec() }

func (d *confReadsPath) Configure(raws ...any) error {
	return confDecodeInto(&d.config, raws...)
}

func (d *confReadsPath) OutputSpec() hcldec.ObjectSpec {
	return hcldec.ObjectSpec{"size": &hcldec.AttrSpec{Name: "size", Type: cty.Number}}
}

func (d *confReadsPath) Execute() (cty.Value, error) {
	fi, err := os.Stat(d.config.Path)
	if err != nil {
		return cty.NilVal, fmt.Errorf("path: %w", err)
	}
	return cty.ObjectVal(map[string]cty.Value{"size": cty.NumberIntVal(fi.Size())}), nil
}

func init() {
	datasources["reads-path"] = &confReadsPath{}
}
