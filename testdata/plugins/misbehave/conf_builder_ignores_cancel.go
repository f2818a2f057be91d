package main

import (
	"context"
	"time"

	"github.com/hashicorp/packer-plugin-sdk/packer"
)

// confBuilderIgnoresCancel keeps "building" long after core cancelled it
// (packer#7735).
type confBuilderIgnoresCancel struct{ confBuilder }

func (b *confBuilderIgnoresCancel) Run(ctx context.Context, ui packer.Ui, hook packer.Hook) (packer.Artifact, error) {
	ui.Say("building, and not listening to cancellation")
	time.Sleep(10 * time.Minute)
	return b.confBuilder.Run(context.Background(), ui, hook)
}

func init() {
	builders["conf-ignores-cancel"] = &confBuilderIgnoresCancel{confBuilder{name: "conf-ignores-cancel"}}
}
