package scaffold

import (
	"fmt"
	"io/fs"
	"strings"
)

// Licenses are the licenses `new` can write, by SPDX id, then "none".
// MPL-2.0 comes first: it is the default, as in HashiCorp's own plugins.
var Licenses = []string{"MPL-2.0", "Apache-2.0", "MIT", NoLicense}

const (
	// DefaultLicense is the license of a project when none is chosen.
	DefaultLicense = "MPL-2.0"
	// NoLicense writes no LICENSE file and no license in the metadata.
	NoLicense = "none"
)

// ParseLicense returns the SPDX id of license s (any case), NoLicense, or
// an error that lists the choices.
func ParseLicense(s string) (string, error) {
	for _, l := range Licenses {
		if strings.EqualFold(l, s) {
			return l, nil
		}
	}
	return "", fmt.Errorf("unknown license %q: use one of %s", s, strings.Join(Licenses, ", "))
}

// renderLicense renders the LICENSE of project p from
// templates/licenses/<id> (the license text, verbatim) or <id>.tmpl (with
// a copyright line), or nothing for NoLicense.
func renderLicense(fsys fs.FS, p *projectData) (*File, error) {
	if p.License == "" {
		return nil, nil
	}
	for _, src := range []string{"licenses/" + p.License, "licenses/" + p.License + ".tmpl"} {
		if _, err := fs.Stat(fsys, src); err != nil {
			continue
		}
		f, err := renderFile(fsys, src, strings.Replace(src, "licenses/"+p.License, "LICENSE", 1), p)
		return &f, err
	}
	return nil, fmt.Errorf("templates: no text for license %s in templates/licenses", p.License)
}
