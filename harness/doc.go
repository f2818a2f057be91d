// Package harness plays Packer core against a plugin binary: it starts the
// plugin process exactly as core does, speaks its RPC protocol through the
// plugin SDK, serves the Ui, Hook, Communicator and Artifacts core serves,
// and observes every side effect the plugin has, attributed to the RPC call
// in flight. It never imports testing.
package harness

import (
	_ "github.com/elastic/go-seccomp-bpf"
	_ "github.com/hashicorp/hcl/v2/hcldec"
	_ "github.com/hashicorp/packer-plugin-sdk/packer"
	_ "github.com/hashicorp/packer-plugin-sdk/rpc"
	_ "github.com/mitchellh/mapstructure"
	_ "github.com/zclconf/go-cty/cty"
	_ "golang.org/x/sys/unix"
)
