package main

import (
	"context"
	"os"

	"github.com/hashicorp/packer-plugin-sdk/packer"
)

// confModifiesInput appends to its input's files in place.
type confModifiesInput struct{ confPP }

func (p *confModifiesInput) PostProcess(ctx context.Context, ui packer.Ui, in packer.Artifact) (packer.Artifact, bool, bool, error) {
	for _, name := range in.Files() {
		f, err := os.OpenFile(name, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			return nil, false, false, err
		}
		_, err = f.WriteString("stamped by modifies-input\n")
		f.Close()
		if err != nil {
			return nil, false, false, err
		}
	}
	return p.confPP.PostProcess(ctx, ui, in)
}

func init() {
	postProcessors["modifies-input"] = &confModifiesInput{confPP{name: "modifies-input"}}
}
