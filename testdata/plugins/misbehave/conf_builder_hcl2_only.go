package main

import (
	"errors"

	"github.com/zclconf/go-cty/cty"
)

// confHCL2Only only understands HCL2 configuration: a legacy JSON
// template, which Packer still accepts, fails in Prepare.
type confHCL2Only struct{ confBuilder }

func (b *confHCL2Only) Prepare(raws ...any) ([]string, []string, error) {
	for _, raw := range raws {
		if _, ok := raw.(cty.Value); ok {
			return b.confBuilder.Prepare(raws...)
		}
	}
	return nil, nil, errors.New("configuration must come from an HCL2 template")
}

func init() {
	builders["hcl2-only"] = &confHCL2Only{confBuilder{name: "hcl2-only"}}
}
