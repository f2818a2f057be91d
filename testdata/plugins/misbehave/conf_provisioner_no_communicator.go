package main

import (
	"context"

	"github.com/hashicorp/packer-plugin-sdk/packer"
)

// confNoCommunicator reports success without running anything on the
// machine through the communicator.
type confNoCommunicator struct{ confProvisioner }

func (p *confNoCommunicator) Provision(ctx context.Context, ui packer.Ui, comm packer.Communicator, _ map[string]interface{}) error {
	ui.Say("provisioned (not really)")
	return nil
}

func init() {
	provisioners["no-communicator"] = &confNoCommunicator{confProvisioner{name: "no-communicator"}}
}
