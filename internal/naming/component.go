package naming

import (
	"strings"

	"github.com/hashicorp/packer-plugin-sdk/plugin"
)

// DefaultComponent is the name the SDK's plugin.DEFAULT_NAME registers a
// component under; describe lists it so.
const DefaultComponent = plugin.DEFAULT_NAME

// ComponentAddress is how a Packer template calls a plugin's component,
// as Packer 1.16.0 (packer/plugin.go) names what describe lists: the
// plugin's own name for the one registered as DefaultComponent, else
// <plugin>-<component>. Without a plugin name (a binary not named
// packer-plugin-<name>) only the registered name is left.
func ComponentAddress(plugin, component string) string {
	switch {
	case component == DefaultComponent:
		return plugin
	case plugin == "":
		return component
	}
	return plugin + "-" + component
}

// IsCoreKey tells the configuration keys core injects into every
// component's configuration (packer_build_name, packer_force, ...), which
// templates never set.
func IsCoreKey(key string) bool { return strings.HasPrefix(key, "packer_") }

// CoreArguments are the arguments Packer 1.16.0 itself reads from a
// component's block in a build before the component sees the rest
// (hcl2template/types.build.post-processor.go, types.build.provisioners.go):
// valid in templates though not in the component's spec.
func CoreArguments(kind string) []string {
	switch kind {
	case "post-processor":
		return []string{"name", "only", "except", "keep_input_artifact"}
	case "provisioner":
		return []string{"name", "pause_before", "max_retries", "timeout", "continue_on_error", "only", "except", "override"}
	}
	return nil
}
