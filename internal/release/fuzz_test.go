package release

import (
	"testing"

	goversion "github.com/hashicorp/go-version"
)

// Whatever name and version it is given, release either refuses them up
// front or makes names that read back the same way Packer reads them: the
// archive name parses to the same plugin and version, the source parses,
// and Packer's version library (hashicorp/go-version) takes the version as
// a release with no prerelease.
func FuzzNamesAndVersions(f *testing.F) {
	for _, seed := range [][2]string{
		{"greet", "1.2.3"}, {"Greet", "1.2.3"}, {"packer-greet", "1.0.0"}, {"a-b-c", "0.0.1"},
		{"greet", "v1.2.3"}, {"greet", "1.2.3-beta"}, {"greet", "01.2.3"}, {"gr_eet", "1.2"}, {"föö", "1.2.3"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, name, version string) {
		nameErr, versionErr := ValidatePluginName(name), ValidateReleaseVersion(version)
		if _, _, parsed, err := ParseSource("github.com/acme/" + name); (err == nil) != (nameErr == nil) || err == nil && parsed != name {
			t.Fatalf("ParseSource and ValidatePluginName disagree on %q: %v / %v", name, err, nameErr)
		}
		if nameErr != nil || versionErr != nil {
			return
		}
		n := Name{Plugin: name, Version: version, APIVersion: APIVersion, OS: "linux", Arch: "amd64"}
		back, err := ParseArchiveName(n.Archive())
		if err != nil || back != n {
			t.Fatalf("%s reads back as %+v, %v", n.Archive(), back, err)
		}
		v, err := goversion.NewVersion(version)
		if err != nil || v.Prerelease() != "" || v.String() != version {
			t.Fatalf("go-version reads %q as %v, %v", version, v, err)
		}
	})
}
