// Command packer-plugin-sample is a Packer plugin with one builder, `source "sample"`.
//
// A Packer builder that produces a file artifact.
package main

import (
	"fmt"
	"os"

	"github.com/hashicorp/packer-plugin-sdk/plugin"

	"github.com/acme/packer-plugin-sample/builder"
	"github.com/acme/packer-plugin-sample/version"
)

func main() {
	pps := plugin.NewSet()
	// DEFAULT_NAME addresses the component by the plugin's own name:
	// `source "sample"` in HCL2 templates.
	pps.RegisterBuilder(plugin.DEFAULT_NAME, new(builder.Builder))
	pps.SetVersion(version.PluginVersion)
	if err := pps.Run(); err != nil {
		fmt.Fprintln(os.Stderr, err.Error())
		os.Exit(1)
	}
}
