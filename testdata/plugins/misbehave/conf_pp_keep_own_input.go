package main

import (
	"context"

	"github.com/hashicorp/packer-plugin-sdk/packer"
)

// confKeepOwnInput returns its own input with keep=false: core then destroys
// the input, which is the returned artifact, and the build ends with an
// artifact whose files are gone (packer#1355, #6294).
type confKeepOwnInput struct{ confPP }

func (p *confKeepOwnInput) PostProcess(ctx context.Context, ui packer.Ui, in packer.Artifact) (packer.Artifact, bool, bool, error) {
	if _, err := confReadInput(in); err != nil {
		return nil, false, false, err
	}
	ui.Say("nothing to change, returning the input")
	return in, false, false, nil
}

func init() {
	postProcessors["keep-own-input"] = &confKeepOwnInput{confPP{name: "keep-own-input"}}
}
