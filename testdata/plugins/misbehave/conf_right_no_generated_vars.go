package main

import (
	"context"

	"github.com/hashicorp/packer-plugin-sdk/packer"
)

// Right in an unusual way: a builder whose Prepare declares no generated
// variables and whose artifact has no generated_data. Core reads
// generated_data only when it is there.
type confNoGeneratedVars struct{ confBuilder }

func (b *confNoGeneratedVars) Prepare(raws ...any) ([]string, []string, error) {
	if _, _, err := b.confBuilder.Prepare(raws...); err != nil {
		return nil, nil, err
	}
	return nil, nil, nil
}

func (b *confNoGeneratedVars) Run(ctx context.Context, ui packer.Ui, hook packer.Hook) (packer.Artifact, error) {
	a, err := b.confBuilder.Run(ctx, ui, hook)
	if err != nil {
		return nil, err
	}
	return withHCP(&confArtifact{Paths: a.Files()}), nil
}

func init() {
	builders["no-generated-vars"] = &confNoGeneratedVars{confBuilder{name: "no-generated-vars"}}
}
