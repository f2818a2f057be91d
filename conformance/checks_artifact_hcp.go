package conformance

import (
	"fmt"

	registryimage "github.com/hashicorp/packer-plugin-sdk/packer/registry/image"
	"github.com/mitchellh/mapstructure"

	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
)

// HCP Packer metadata: what core sends to HCP Packer about a build's
// artifacts, read from every artifact over the plugin RPC.

var checkArtifactHCPMetadata = &Check{
	ID: "artifact.hcp-metadata", Kinds: []harness.Kind{harness.KindBuilder}, NeedsConfig: true,
	Summary: "the artifact's HCP Packer metadata (State(\"par.artifact.metadata\")) decodes as core decodes it and names an image id and a provider; missing is a warning",
	run:     runArtifactHCPMetadata,
}

func runArtifactHCPMetadata(t *checkEnv) error {
	p, a, err := t.build(&harness.Hook{})
	if p == nil {
		return err
	}
	if err != nil || a == nil {
		return skipf("Run returned no artifact here (see builder.run)")
	}
	state := a.State(registryimage.ArtifactStateURI)
	if state == nil {
		t.Warnf("the artifact has no HCP Packer metadata (State(%q) is nil): with HCP Packer enabled, core logs \"returned a nil value for the HCP state, ignoring\" and the registry records no image for this build. Return an image from State, built with the SDK's packer/registry/image helpers (image.FromArtifact(a, image.WithID(...), image.WithProvider(...)))", registryimage.ArtifactStateURI)
		return nil
	}
	images, err := decodeHCPMetadata(state)
	if err != nil {
		return failf("the artifact's HCP Packer metadata (State(%q)) does not decode as core decodes it into []image.Image (%v), so with HCP Packer enabled core logs a warning and the registry records no image; return an *image.Image (or a list of them) from the SDK's packer/registry/image, got %T", registryimage.ArtifactStateURI, err, state)
	}
	for _, img := range images {
		if err := img.Validate(); err != nil {
			return failf("the artifact's HCP Packer metadata %s is incomplete (%v): with HCP Packer enabled core fails the build with \"failed to add artifact\"; set ImageID and ProviderName (image.WithID, image.WithProvider)", img.String(), err)
		}
	}
	t.Notef("%s", hcpImages(images))
	return nil
}

// decodeHCPMetadata decodes an artifact's HCP state as Packer 1.16.0 does
// (internal/hcp/registry/types.bucket.go): mapstructure, weakly typed, into
// a list of the SDK's images (a single image becomes a list of one).
func decodeHCPMetadata(state any) ([]registryimage.Image, error) {
	var images []registryimage.Image
	dec, err := mapstructure.NewDecoder(&mapstructure.DecoderConfig{Result: &images, WeaklyTypedInput: true})
	if err != nil {
		return nil, err
	}
	if err := dec.Decode(state); err != nil {
		return nil, err
	}
	return images, nil
}

func hcpImages(images []registryimage.Image) string {
	if len(images) == 1 {
		return "HCP Packer image " + images[0].String()
	}
	return fmt.Sprintf("%d HCP Packer images", len(images))
}
