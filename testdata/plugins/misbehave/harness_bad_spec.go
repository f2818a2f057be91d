package main

// "bad-spec" returns a ConfigSpec protobuf cannot carry (a BlockAttrsSpec):
// the plugin fails to encode it and the SDK client panics on the error, while
// the plugin itself keeps running.

import (
	"github.com/hashicorp/hcl/v2/hcldec"
	"github.com/zclconf/go-cty/cty"
)

type hxBadSpec struct{ hxPP }

func (p *hxBadSpec) ConfigSpec() hcldec.ObjectSpec {
	return hcldec.ObjectSpec{"tags": &hcldec.BlockAttrsSpec{TypeName: "tags", ElementType: cty.String}}
}

func init() { postProcessors["bad-spec"] = &hxBadSpec{} }
