package main

import (
	"context"
	"time"

	"github.com/hashicorp/packer-plugin-sdk/packer"
)

// confPPIgnoresCancel keeps post-processing after core cancelled it.
type confPPIgnoresCancel struct{ confPP }

func (p *confPPIgnoresCancel) PostProcess(ctx context.Context, ui packer.Ui, in packer.Artifact) (packer.Artifact, bool, bool, error) {
	ui.Say("post-processing, and not listening to cancellation")
	time.Sleep(10 * time.Minute)
	return p.confPP.PostProcess(context.Background(), ui, in)
}

func init() {
	postProcessors["conf-ignores-cancel"] = &confPPIgnoresCancel{confPP{name: "conf-ignores-cancel"}}
}
