// Command packer-plugin-sample is a Packer plugin with one datasource, `data "sample"`.
//
// A Packer data source that reads a local file and exposes its content and SHA-256 digest.
package main

import (
	"fmt"
	"os"

	"github.com/hashicorp/packer-plugin-sdk/plugin"

	"github.com/acme/packer-plugin-sample/datasource"
	"github.com/acme/packer-plugin-sample/version"
)

func main() {
	pps := plugin.NewSet()
	// DEFAULT_NAME addresses the component by the plugin's own name:
	// `data "sample"` in HCL2 templates.
	pps.RegisterDatasource(plugin.DEFAULT_NAME, new(datasource.Datasource))
	pps.SetVersion(version.PluginVersion)
	if err := pps.Run(); err != nil {
		fmt.Fprintln(os.Stderr, err.Error())
		os.Exit(1)
	}
}
