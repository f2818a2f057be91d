package sample

import (
	"fmt"
	"os"

	packersdk "github.com/hashicorp/packer-plugin-sdk/packer"
)

// Artifact is the checksum manifest written by the post-processor. It
// owns only the manifest file, never the files it lists.
type Artifact struct {
	Path  string // absolute
	Count int    // number of files listed
}

var _ packersdk.Artifact = (*Artifact)(nil)

func (a *Artifact) BuilderId() string { return BuilderId }
func (a *Artifact) Files() []string   { return []string{a.Path} }
func (a *Artifact) Id() string        { return a.Path }
func (a *Artifact) String() string {
	return fmt.Sprintf("Checksum manifest of %d file(s): %s", a.Count, a.Path)
}
func (a *Artifact) State(name string) interface{} { return nil }

// Destroy removes the manifest; one that is already gone is not an error.
func (a *Artifact) Destroy() error {
	if err := os.Remove(a.Path); err != nil && !os.IsNotExist(err) {
		return fmt.Errorf("destroy checksum manifest %s: %w", a.Path, err)
	}
	return nil
}
