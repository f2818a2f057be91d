package main

import (
	"context"

	"github.com/hashicorp/packer-plugin-sdk/packer"
)

// confForceWithoutKeep returns forceOverride=true with keep=false: the
// input is always discarded, whatever keep_input_artifact the user set.
type confForceWithoutKeep struct{ confPP }

func (p *confForceWithoutKeep) PostProcess(ctx context.Context, ui packer.Ui, in packer.Artifact) (packer.Artifact, bool, bool, error) {
	a, _, _, err := p.confPP.PostProcess(ctx, ui, in)
	return a, false, true, err
}

func init() {
	postProcessors["force-without-keep"] = &confForceWithoutKeep{confPP{name: "force-without-keep"}}
}
