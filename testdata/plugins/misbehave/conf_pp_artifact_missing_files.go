package main

import (
	"context"

	"github.com/hashicorp/packer-plugin-sdk/packer"
)

// confArtifactMissingFiles returns an artifact listing a file it never
// wrote.
type confArtifactMissingFiles struct{ confPP }

func (p *confArtifactMissingFiles) PostProcess(ctx context.Context, ui packer.Ui, in packer.Artifact) (packer.Artifact, bool, bool, error) {
	a, keep, force, err := p.confPP.PostProcess(ctx, ui, in)
	if err != nil {
		return a, keep, force, err
	}
	files := append(a.Files(), a.Files()[0]+".sha256")
	return &confArtifact{Paths: files}, keep, force, nil
}

func init() {
	postProcessors["artifact-missing-files"] = &confArtifactMissingFiles{confPP{name: "artifact-missing-files"}}
}
