package main

import (
	"context"

	"github.com/hashicorp/packer-plugin-sdk/packer"
	registryimage "github.com/hashicorp/packer-plugin-sdk/packer/registry/image"
)

// Builders whose artifact's HCP Packer metadata is wrong in one way each:
// "hcp-missing" gives none, "hcp-malformed" a value core cannot decode
// into images, "hcp-incomplete" an image without a provider.
type confHCP struct {
	confBuilder
	state func(a *confArtifact) any
}

func (b *confHCP) Run(ctx context.Context, ui packer.Ui, hook packer.Hook) (packer.Artifact, error) {
	a, err := b.confBuilder.Run(ctx, ui, hook)
	if err != nil {
		return nil, err
	}
	ca := a.(*confArtifact)
	ca.HCP = b.state(ca)
	return ca, nil
}

func init() {
	builders["hcp-missing"] = &confHCP{confBuilder{name: "hcp-missing"}, func(*confArtifact) any { return nil }}
	builders["hcp-malformed"] = &confHCP{confBuilder{name: "hcp-malformed"}, func(*confArtifact) any { return "ami-0123456789" }}
	builders["hcp-incomplete"] = &confHCP{confBuilder{name: "hcp-incomplete"}, func(a *confArtifact) any {
		return &registryimage.Image{ImageID: a.Id(), ProviderRegion: "local"}
	}}
}
