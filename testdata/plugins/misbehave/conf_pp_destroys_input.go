package main

import (
	"context"

	"github.com/hashicorp/packer-plugin-sdk/packer"
)

// confDestroysInput destroys its input itself, which is core's job (and
// breaks keep_input_artifact).
type confDestroysInput struct{ confPP }

func (p *confDestroysInput) PostProcess(ctx context.Context, ui packer.Ui, in packer.Artifact) (packer.Artifact, bool, bool, error) {
	a, keep, force, err := p.confPP.PostProcess(ctx, ui, in)
	if err != nil {
		return a, keep, force, err
	}
	if err := in.Destroy(); err != nil {
		return nil, false, false, err
	}
	return a, keep, force, nil
}

func init() {
	postProcessors["destroys-input"] = &confDestroysInput{confPP{name: "destroys-input"}}
}
