// Command misbehave is a Packer plugin whose components each misbehave in
// exactly one way, plus well-behaved ones named "good". The harness and the
// conformance suite are tested against it: every defect must be seen, and
// attributed to the right call, and "good" must produce no finding.
//
// Each defect lives in its own file and registers itself in init, so a new
// defect never touches another's code. Defects that act before the RPC
// server starts (noise on stdout, no handshake) are keyed by the component
// name in os.Args and handled in main.
package main

import (
	"fmt"
	"os"

	"github.com/hashicorp/packer-plugin-sdk/packer"
	"github.com/hashicorp/packer-plugin-sdk/plugin"
)

var (
	builders       = map[string]packer.Builder{}
	provisioners   = map[string]packer.Provisioner{}
	postProcessors = map[string]packer.PostProcessor{}
	datasources    = map[string]packer.Datasource{}

	// beforeStart holds actions run when the plugin is started for the named
	// component, before the SDK's server is up.
	beforeStart = map[string]func(){}
)

func main() {
	if len(os.Args) >= 3 && os.Args[1] == "start" {
		if act, ok := beforeStart[os.Args[len(os.Args)-1]]; ok {
			act()
		}
	}
	set := plugin.NewSet()
	set.SetVersion(pluginVersion)
	for name, c := range builders {
		set.RegisterBuilder(name, c)
	}
	for name, c := range provisioners {
		set.RegisterProvisioner(name, c)
	}
	for name, c := range postProcessors {
		set.RegisterPostProcessor(name, c)
	}
	for name, c := range datasources {
		set.RegisterDatasource(name, c)
	}
	if err := set.Run(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
