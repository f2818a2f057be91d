package tarball

import (
	"fmt"
	"log"
	"os"

	packersdk "github.com/hashicorp/packer-plugin-sdk/packer"
	registryimage "github.com/hashicorp/packer-plugin-sdk/packer/registry/image"
)

// Artifact is the file a build created.
type Artifact struct {
	Path      string // absolute
	SHA256    string
	Host      string // the machine the file is on
	StateData map[string]interface{}
}

var _ packersdk.Artifact = (*Artifact)(nil)

func (a *Artifact) BuilderId() string { return BuilderId }
func (a *Artifact) Files() []string   { return []string{a.Path} }
func (a *Artifact) Id() string        { return a.SHA256 }
func (a *Artifact) String() string    { return fmt.Sprintf("File: %s (sha256 %s)", a.Path, a.SHA256) }

// State returns the build's generated_data, and for HCP Packer
// ("par.artifact.metadata") what was built: Packer core reads it from every
// artifact, decodes it into a list of registry images and requires each to
// have an ImageID and a ProviderName.
func (a *Artifact) State(name string) interface{} {
	if name == registryimage.ArtifactStateURI {
		img, err := registryimage.FromArtifact(a,
			registryimage.WithID(a.SHA256),
			registryimage.WithProvider("sample-tarball"),
			registryimage.WithRegion(a.Host),
			registryimage.SetLabels(map[string]interface{}{"path": a.Path}),
		)
		if err != nil {
			log.Printf("[DEBUG] no HCP Packer metadata for %s: %v", a.Path, err)
			return nil
		}
		return img
	}
	return a.StateData[name]
}

// Destroy removes the file; a file that is already gone is not an error.
func (a *Artifact) Destroy() error {
	if err := os.Remove(a.Path); err != nil && !os.IsNotExist(err) {
		return fmt.Errorf("destroy artifact %s: %w", a.Path, err)
	}
	return nil
}
