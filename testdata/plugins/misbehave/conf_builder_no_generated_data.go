package main

import (
	"context"

	"github.com/hashicorp/packer-plugin-sdk/packer"
)

// confNoGeneratedData returns an artifact without "generated_data" in its
// state, so post-processors cannot read build values.
type confNoGeneratedData struct{ confBuilder }

func (b *confNoGeneratedData) Run(ctx context.Context, ui packer.Ui, hook packer.Hook) (packer.Artifact, error) {
	a, err := b.confBuilder.Run(ctx, ui, hook)
	if err != nil {
		return nil, err
	}
	return withHCP(&confArtifact{Paths: a.Files()}), nil
}

func init() {
	builders["no-generated-data"] = &confNoGeneratedData{confBuilder{name: "no-generated-data"}}
}
