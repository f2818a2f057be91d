package main

import (
	"github.com/hashicorp/hcl/v2/hcldec"
	"github.com/zclconf/go-cty/cty"
)

// confBadSpec declares an attribute of a set type, which the SDK cannot
// encode under protobuf (gob carries it): core fails on ConfigSpec before
// any Configure. Not "bad-spec", which is the harness's own defect.
type confBadSpec struct{ confPP }

func (p *confBadSpec) ConfigSpec() hcldec.ObjectSpec {
	spec := confSpec()
	spec["tags"] = &hcldec.AttrSpec{Name: "tags", Type: cty.Set(cty.String)}
	return spec
}

func init() {
	postProcessors["conf-bad-spec"] = &confBadSpec{confPP{name: "conf-bad-spec"}}
}
