//go:build builtins

// Command packer-plugin-builtins serves components built into Packer
// 1.16.0 as one plugin, so the conformance suite is judged on code nobody
// here wrote. scripts/packer.sh builds it in a module of its own that
// requires github.com/hashicorp/packer (the main module does not, hence
// the build tag); the components are imported, not copied.
package main

import (
	"fmt"
	"os"

	"github.com/hashicorp/packer-plugin-sdk/plugin"
	"github.com/hashicorp/packer-plugin-sdk/version"

	filebuilder "github.com/hashicorp/packer/builder/file"
	nullbuilder "github.com/hashicorp/packer/builder/null"
	nulldatasource "github.com/hashicorp/packer/datasource/null"
	artifice "github.com/hashicorp/packer/post-processor/artifice"
	checksum "github.com/hashicorp/packer/post-processor/checksum"
	compress "github.com/hashicorp/packer/post-processor/compress"
	manifest "github.com/hashicorp/packer/post-processor/manifest"
	shelllocalpp "github.com/hashicorp/packer/post-processor/shell-local"
	shelllocalprov "github.com/hashicorp/packer/provisioner/shell-local"
	sleep "github.com/hashicorp/packer/provisioner/sleep"
)

func main() {
	set := plugin.NewSet()
	set.SetVersion(version.NewPluginVersion("1.16.0", "", ""))
	set.RegisterBuilder("file", new(filebuilder.Builder))
	set.RegisterBuilder("null", new(nullbuilder.Builder))
	set.RegisterPostProcessor("artifice", new(artifice.PostProcessor))
	set.RegisterPostProcessor("checksum", new(checksum.PostProcessor))
	set.RegisterPostProcessor("compress", new(compress.PostProcessor))
	set.RegisterPostProcessor("manifest", new(manifest.PostProcessor))
	set.RegisterPostProcessor("shell-local", new(shelllocalpp.PostProcessor))
	set.RegisterProvisioner("shell-local", new(shelllocalprov.Provisioner))
	set.RegisterProvisioner("sleep", new(sleep.Provisioner))
	set.RegisterDatasource("null", new(nulldatasource.Datasource))
	if err := set.Run(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
