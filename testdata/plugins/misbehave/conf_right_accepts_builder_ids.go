package main

import (
	"context"
	"fmt"

	"github.com/hashicorp/packer-plugin-sdk/packer"
)

// Right in an unusual way: post-processors that accept only some
// builders' artifacts, as importers do. artifice-only takes what users
// feed it with artifice (the suite's default input); tarball-only takes
// only "acme.tarball", which its sample block gives as input_artifact.
type confAcceptsBuilderIDs struct {
	confPP
	ids []string
}

func (p *confAcceptsBuilderIDs) PostProcess(ctx context.Context, ui packer.Ui, in packer.Artifact) (packer.Artifact, bool, bool, error) {
	for _, id := range p.ids {
		if in.BuilderId() == id {
			return p.confPP.PostProcess(ctx, ui, in)
		}
	}
	return nil, false, false, fmt.Errorf("unknown artifact type %q: can only post-process artifacts of %q", in.BuilderId(), p.ids)
}

func init() {
	postProcessors["artifice-only"] = &confAcceptsBuilderIDs{confPP{name: "artifice-only"}, []string{"packer.post-processor.artifice"}}
	postProcessors["tarball-only"] = &confAcceptsBuilderIDs{confPP{name: "tarball-only"}, []string{"acme.tarball"}}
}
