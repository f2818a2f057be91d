// Command packer-plugin-sample is a Packer plugin with one provisioner, `provisioner "sample"`.
//
// A Packer provisioner that runs a command on the machine being built.
package main

import (
	"fmt"
	"os"

	"github.com/hashicorp/packer-plugin-sdk/plugin"

	"github.com/acme/packer-plugin-sample/provisioner"
	"github.com/acme/packer-plugin-sample/version"
)

func main() {
	pps := plugin.NewSet()
	// DEFAULT_NAME addresses the component by the plugin's own name:
	// `provisioner "sample"` in HCL2 templates.
	pps.RegisterProvisioner(plugin.DEFAULT_NAME, new(provisioner.Provisioner))
	pps.SetVersion(version.PluginVersion)
	if err := pps.Run(); err != nil {
		fmt.Fprintln(os.Stderr, err.Error())
		os.Exit(1)
	}
}
