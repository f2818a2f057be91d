// Command packer-plugin-sample is a Packer plugin with one post-processor, `post-processor "sample"`.
//
// A Packer post-processor that writes a SHA-256 checksum manifest of its input files.
package main

import (
	"fmt"
	"os"

	"github.com/hashicorp/packer-plugin-sdk/plugin"

	"github.com/acme/packer-plugin-sample/postprocessor"
	"github.com/acme/packer-plugin-sample/version"
)

func main() {
	pps := plugin.NewSet()
	// DEFAULT_NAME addresses the component by the plugin's own name:
	// `post-processor "sample"` in HCL2 templates.
	pps.RegisterPostProcessor(plugin.DEFAULT_NAME, new(postprocessor.PostProcessor))
	pps.SetVersion(version.PluginVersion)
	if err := pps.Run(); err != nil {
		fmt.Fprintln(os.Stderr, err.Error())
		os.Exit(1)
	}
}
