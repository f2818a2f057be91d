// Package version holds the plugin version that `packer-plugin-sample describe`
// reports. Release builds set it with
// -ldflags "-X github.com/acme/packer-plugin-sample/version.Version=1.2.3 -X github.com/acme/packer-plugin-sample/version.VersionPrerelease=".
package version

import pluginVersion "github.com/hashicorp/packer-plugin-sdk/version"

var (
	// Version is the main version number, without a leading "v".
	Version = "0.1.0"
	// VersionPrerelease marks a pre-release such as "dev"; empty for a
	// release. Packer installs a local binary only if it is empty or "dev".
	VersionPrerelease = "dev"
	// VersionMetadata is optional semver build metadata.
	VersionMetadata = ""
	// PluginVersion is what the plugin set reports to Packer.
	PluginVersion = pluginVersion.NewPluginVersion(Version, VersionPrerelease, VersionMetadata)
)
