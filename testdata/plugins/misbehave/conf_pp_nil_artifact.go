package main

import (
	"context"

	"github.com/hashicorp/packer-plugin-sdk/packer"
)

// confNilArtifact returns neither an artifact nor an error: core silently
// stops the post-processor chain.
type confNilArtifact struct{ confPP }

func (p *confNilArtifact) PostProcess(ctx context.Context, ui packer.Ui, in packer.Artifact) (packer.Artifact, bool, bool, error) {
	return nil, true, false, nil
}

func init() {
	postProcessors["nil-artifact"] = &confNilArtifact{confPP{name: "nil-artifact"}}
}
