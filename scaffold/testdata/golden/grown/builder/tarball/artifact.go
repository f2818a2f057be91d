package tarball

import (
	"fmt"
	"os"

	packersdk "github.com/hashicorp/packer-plugin-sdk/packer"
)

// Artifact is the file a build created.
type Artifact struct {
	Path      string // absolute
	SHA256    string
	StateData map[string]interface{}
}

var _ packersdk.Artifact = (*Artifact)(nil)

func (a *Artifact) BuilderId() string             { return BuilderId }
func (a *Artifact) Files() []string               { return []string{a.Path} }
func (a *Artifact) Id() string                    { return a.SHA256 }
func (a *Artifact) String() string                { return fmt.Sprintf("File: %s (sha256 %s)", a.Path, a.SHA256) }
func (a *Artifact) State(name string) interface{} { return a.StateData[name] }

// Destroy removes the file; a file that is already gone is not an error.
func (a *Artifact) Destroy() error {
	if err := os.Remove(a.Path); err != nil && !os.IsNotExist(err) {
		return fmt.Errorf("destroy artifact %s: %w", a.Path, err)
	}
	return nil
}
