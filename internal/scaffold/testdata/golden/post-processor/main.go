// Command packer-plugin-sample is a Packer plugin.
//
// A Packer post-processor that writes a SHA-256 checksum manifest of its input files.
package main

import (
	"fmt"
	"os"

	"github.com/hashicorp/packer-plugin-sdk/plugin"

	postprocessorSample "github.com/acme/packer-plugin-sample/post-processor/sample"
	"github.com/acme/packer-plugin-sample/version"
	// packer-plugin-dev:import (`packer-plugin-dev add` imports new components above)
)

// The docs for the Packer integrations page, .web-docs/, are compiled from
// docs/ and the config structs' comments (see internal/webdocs).
//go:generate go run ./internal/webdocs

func main() {
	pps := plugin.NewSet()
	// plugin.DEFAULT_NAME makes HCL2 templates call a component by the
	// plugin's own name; any other name n is called sample-n.
	pps.RegisterPostProcessor(plugin.DEFAULT_NAME, new(postprocessorSample.PostProcessor)) // post-processor "sample"
	// packer-plugin-dev:register (`packer-plugin-dev add` registers new components above)
	pps.SetVersion(version.PluginVersion)
	if err := pps.Run(); err != nil {
		fmt.Fprintln(os.Stderr, err.Error())
		os.Exit(1)
	}
}
