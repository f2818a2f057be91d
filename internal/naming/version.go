package naming

import (
	"fmt"

	goversion "github.com/hashicorp/go-version"
)

// ParseVersion reads a plugin version the way Packer does, with
// hashicorp/go-version's semantic-version parser (what `describe` reports
// and `packer plugins install` checks).
func ParseVersion(v string) (*goversion.Version, error) { return goversion.NewSemver(v) }

// IsCore reports whether v is exactly MAJOR.MINOR.PATCH, with no leading v,
// zero padding, prerelease or metadata: the form release tags vX.Y.Z carry.
func IsCore(v string) bool {
	parsed, err := goversion.NewSemver(v)
	return err == nil && parsed.Prerelease() == "" && parsed.Metadata() == "" &&
		len(parsed.Segments()) == 3 && fmt.Sprintf("%d.%d.%d", parsed.Segments()[0], parsed.Segments()[1], parsed.Segments()[2]) == v
}
