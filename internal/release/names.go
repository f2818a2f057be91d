package release

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/naming"
)

// APIVersion is the plugin protocol Packer 1.16 speaks; plugins built with SDK
// v0.6.x report it from describe, and the archive names carry it.
var APIVersion = harness.APIVersion

const namePrefix = naming.BinaryPrefix

// Name is the parsed form of every per-platform file name Packer handles:
// packer-plugin-<plugin>_v<version>_<api>_<os>_<arch>.
type Name struct {
	Plugin     string `json:"plugin"`      // "greet", without packer-plugin-
	Version    string `json:"version"`     // "1.2.3" or, for dev builds, "1.2.3-dev"; no leading v
	APIVersion string `json:"api_version"` // "x5.0"
	OS         string `json:"os"`
	Arch       string `json:"arch"`
}

// Base is the name without extension.
func (n Name) Base() string {
	return fmt.Sprintf("%s%s_v%s_%s_%s_%s", namePrefix, n.Plugin, n.Version, n.APIVersion, n.OS, n.Arch)
}

// Archive is the release zip's name.
func (n Name) Archive() string { return n.Base() + ".zip" }

// Binary is the executable's name, inside the zip and once installed.
func (n Name) Binary() string {
	if n.OS == "windows" {
		return n.Base() + ".exe"
	}
	return n.Base()
}

// ChecksumsName is the release's checksum file: packer-plugin-<plugin>_v<version>_SHA256SUMS.
func ChecksumsName(plugin, version string) string {
	return fmt.Sprintf("%s%s_v%s_SHA256SUMS", namePrefix, plugin, version)
}

var (
	apiRE = regexp.MustCompile(`^x([0-9]+)\.([0-9]+)$`)
)

// ValidatePluginName checks the <name> of github.com/<ns>/<name> with the
// rules `new` applies too (naming.ValidateName).
func ValidatePluginName(name string) error { return naming.ValidateName(name) }

// ValidateReleaseVersion checks a release version: exactly X.Y.Z, the only
// form Packer installs from a release (tag vX.Y.Z).
func ValidateReleaseVersion(v string) error {
	if strings.HasPrefix(v, "v") {
		return fmt.Errorf("version %q: give X.Y.Z without the leading v (the names add it)", v)
	}
	if !naming.IsCore(v) {
		return fmt.Errorf("version %q: Packer installs releases tagged exactly vX.Y.Z, so give X.Y.Z with no prerelease or metadata", v)
	}
	return nil
}

// validateVersion accepts X.Y.Z and, when dev is true, X.Y.Z-dev: the only
// prerelease `packer plugins install --path` accepts.
func validateVersion(v string, dev bool) error {
	core, pre, hasPre := strings.Cut(v, "-")
	if !naming.IsCore(core) {
		return fmt.Errorf("version %q is not X.Y.Z", v)
	}
	if hasPre && (!dev || pre != "dev") {
		if dev {
			return fmt.Errorf("version %q: the only prerelease Packer accepts for a local plugin is -dev", v)
		}
		return fmt.Errorf("version %q: Packer installs releases tagged exactly vX.Y.Z, without a prerelease", v)
	}
	return nil
}

// ParseArchiveName parses a release zip name the way Packer's installer
// does: packer-plugin-<name>_vX.Y.Z_x<M>.<m>_<os>_<arch>.zip.
func ParseArchiveName(file string) (Name, error) { return parseName(file, ".zip", false) }

// ParseSnapshotArchiveName is ParseArchiveName that also accepts vX.Y.Z-dev,
// for --snapshot builds that are meant for `packer plugins install --path`.
func ParseSnapshotArchiveName(file string) (Name, error) { return parseName(file, ".zip", true) }

// ParseInstalledName parses an installed binary's name: like an archive
// without .zip, .exe on Windows, and a version that may carry -dev.
func ParseInstalledName(file string) (Name, error) {
	ext := ""
	if strings.HasSuffix(file, ".exe") {
		ext = ".exe"
	}
	n, err := parseName(file, ext, true)
	if err != nil {
		return n, err
	}
	if (n.OS == "windows") != (ext == ".exe") {
		return n, fmt.Errorf("%q: a Windows binary must end in .exe and no other may", file)
	}
	return n, nil
}

func parseName(file, ext string, dev bool) (Name, error) {
	var n Name
	if !strings.HasPrefix(file, namePrefix) {
		return n, fmt.Errorf("%q does not start with %s", file, namePrefix)
	}
	if !strings.HasSuffix(file, ext) {
		return n, fmt.Errorf("%q does not end in %q: Packer only installs %s archives", file, ext, ext)
	}
	rest := strings.TrimSuffix(strings.TrimPrefix(file, namePrefix), ext)
	if ext == "" && strings.Contains(rest, ".") && strings.HasSuffix(rest, ".zip") {
		return n, fmt.Errorf("%q is an archive, not a binary", file)
	}
	f := strings.Split(rest, "_")
	if len(f) == 4 && strings.HasPrefix(f[1], "v") && !apiRE.MatchString(f[2]) {
		return n, fmt.Errorf("%q has no API version field: want packer-plugin-%s_%s_%s_%s_%s%s", file, f[0], f[1], APIVersion, f[2], f[3], ext)
	}
	if len(f) != 5 {
		return n, fmt.Errorf("%q has %d _-separated fields after %s, want 5 (<name>_vX.Y.Z_%s_<os>_<arch>): the name, os and arch must not contain _", file, len(f), namePrefix, APIVersion)
	}
	n = Name{Plugin: f[0], Version: strings.TrimPrefix(f[1], "v"), APIVersion: f[2], OS: f[3], Arch: f[4]}
	if err := ValidatePluginName(n.Plugin); err != nil {
		return Name{}, fmt.Errorf("%q: %w", file, err)
	}
	if !strings.HasPrefix(f[1], "v") {
		return Name{}, fmt.Errorf("%q: version field %q must start with v (v%s)", file, f[1], f[1])
	}
	if err := validateVersion(n.Version, dev); err != nil {
		return Name{}, fmt.Errorf("%q: %w", file, err)
	}
	if err := validateAPIVersion(n.APIVersion); err != nil {
		return Name{}, fmt.Errorf("%q: %w", file, err)
	}
	if !knownOS[n.OS] {
		return Name{}, fmt.Errorf("%q: os %q is not a Go GOOS value (linux, darwin, windows, ...)", file, n.OS)
	}
	if !knownArch[n.Arch] {
		return Name{}, fmt.Errorf("%q: arch %q is not a Go GOARCH value (amd64, arm64, 386, arm, ...)", file, n.Arch)
	}
	return n, nil
}

// validateAPIVersion accepts x5.<minor>: the protocol major Packer 1.16 speaks.
func validateAPIVersion(api string) error {
	m := apiRE.FindStringSubmatch(api)
	if m == nil {
		return fmt.Errorf("API version %q is not x<major>.<minor> (want %s)", api, APIVersion)
	}
	if m[1] != harness.APIVersionMajor {
		return fmt.Errorf("API version %q: Packer 1.16 loads only x%s.N plugins", api, harness.APIVersionMajor)
	}
	return nil
}

// ParseChecksumsName parses packer-plugin-<name>_vX.Y.Z_SHA256SUMS.
func ParseChecksumsName(file string) (plugin, version string, err error) {
	rest, ok := strings.CutPrefix(file, namePrefix)
	if !ok {
		return "", "", fmt.Errorf("%q does not start with %s", file, namePrefix)
	}
	rest, ok = strings.CutSuffix(rest, "_SHA256SUMS")
	if !ok {
		return "", "", fmt.Errorf("%q does not end in _SHA256SUMS", file)
	}
	plugin, v, ok := strings.Cut(rest, "_")
	if !ok || !strings.HasPrefix(v, "v") {
		return "", "", fmt.Errorf("%q: want packer-plugin-<name>_vX.Y.Z_SHA256SUMS", file)
	}
	if err := ValidatePluginName(plugin); err != nil {
		return "", "", fmt.Errorf("%q: %w", file, err)
	}
	version = strings.TrimPrefix(v, "v")
	if err := validateVersion(version, true); err != nil {
		return "", "", fmt.Errorf("%q: %w", file, err)
	}
	return plugin, version, nil
}
