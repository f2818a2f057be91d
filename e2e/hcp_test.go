package e2e

import (
	"context"
	"path/filepath"
	"testing"

	registryimage "github.com/hashicorp/packer-plugin-sdk/packer/registry/image"
	"github.com/mitchellh/mapstructure"

	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
)

// givesHCPMetadata: the artifact of a generated builder (provider, its
// project g), run in its own process as Packer core runs it, gives HCP
// Packer what it built: core reads State("par.artifact.metadata") over the
// plugin RPC, decodes it with mapstructure (weakly typed) into registry
// images and validates each (packer-contract.md; Packer 1.16.0
// internal/hcp/registry). The metadata.hcl that says "hcp-ready" is
// checked by scaffold's tests.
func givesHCPMetadata(t *testing.T, g *generated, provider string) {
	t.Helper()
	ctx := context.Background()
	p, err := harness.Start(ctx, g.bin, harness.Component{Kind: harness.KindBuilder, Name: harness.DefaultName}, harness.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	b := p.Builder()
	path := filepath.Join(t.TempDir(), "out.txt")
	val, err := harness.DecodeHCL2(b.ConfigSpec(), []byte("path = \""+filepath.ToSlash(path)+"\"\ncontent = \"hcp\\n\"\n"), "hcp.pkr.hcl")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := b.Prepare(harness.HCL2Args(harness.KindBuilder, harness.DefaultCoreVars(), val)...); err != nil {
		t.Fatalf("Prepare: %v", err)
	}
	art, err := b.Run(ctx, &harness.UI{}, &harness.Hook{})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	state := art.State(registryimage.ArtifactStateURI)
	if state == nil {
		t.Fatal("the artifact has no HCP Packer metadata: core would ignore it")
	}
	var images []registryimage.Image
	dec, err := mapstructure.NewDecoder(&mapstructure.DecoderConfig{Result: &images, WeaklyTypedInput: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := dec.Decode(state); err != nil {
		t.Fatalf("HCP Packer metadata %#v does not decode as core decodes it: %v", state, err)
	}
	if len(images) != 1 {
		t.Fatalf("images = %+v, want one", images)
	}
	img := images[0]
	if err := img.Validate(); err != nil {
		t.Fatalf("image %+v: %v", img, err)
	}
	if img.ImageID != art.Id() || img.ProviderName != provider || img.ProviderRegion == "" || img.Labels["path"] != path {
		t.Errorf("image = %+v, want the file's digest %s, provider %s, this host, label path %s", img, art.Id(), provider, path)
	}
	if err := art.Destroy(); err != nil {
		t.Errorf("Destroy: %v", err)
	}
}
