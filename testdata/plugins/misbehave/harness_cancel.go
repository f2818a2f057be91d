package main

// PostProcess that waits to be cancelled: "honours-cancel" returns as soon
// as the Cancel RPC arrives, "ignores-cancel" never returns.

import (
	"context"
	"time"

	"github.com/hashicorp/packer-plugin-sdk/packer"
)

type hxHonoursCancel struct{ hxPP }

func (p *hxHonoursCancel) PostProcess(ctx context.Context, ui packer.Ui, in packer.Artifact) (packer.Artifact, bool, bool, error) {
	ui.Say("waiting for cancellation")
	<-ctx.Done()
	return nil, false, false, ctx.Err()
}

type hxIgnoresCancel struct{ hxPP }

func (p *hxIgnoresCancel) PostProcess(ctx context.Context, ui packer.Ui, in packer.Artifact) (packer.Artifact, bool, bool, error) {
	ui.Say("ignoring cancellation")
	time.Sleep(24 * time.Hour)
	return nil, false, false, nil
}

func init() {
	postProcessors["honours-cancel"] = &hxHonoursCancel{}
	postProcessors["ignores-cancel"] = &hxIgnoresCancel{}
}
