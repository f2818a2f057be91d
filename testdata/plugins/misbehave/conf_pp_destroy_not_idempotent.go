package main

import (
	"context"
	"os"

	"github.com/hashicorp/packer-plugin-sdk/packer"
)

// confDestroyNotIdempotent returns an artifact whose second Destroy fails:
// core may destroy an artifact more than once (keep handling, then cleanup).
type confDestroyNotIdempotent struct{ confPP }

type confFragileArtifact struct{ confArtifact }

func (a *confFragileArtifact) Destroy() error {
	for _, p := range a.Paths {
		if err := os.Remove(p); err != nil {
			return err
		}
	}
	return nil
}

func (p *confDestroyNotIdempotent) PostProcess(ctx context.Context, ui packer.Ui, in packer.Artifact) (packer.Artifact, bool, bool, error) {
	a, keep, force, err := p.confPP.PostProcess(ctx, ui, in)
	if err != nil {
		return a, keep, force, err
	}
	return &confFragileArtifact{confArtifact{Paths: a.Files()}}, keep, force, nil
}

func init() {
	postProcessors["destroy-not-idempotent"] = &confDestroyNotIdempotent{confPP{name: "destroy-not-idempotent"}}
}
