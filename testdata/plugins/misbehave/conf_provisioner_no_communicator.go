package main

import (
	"context"

	"github.com/hashicorp/packer-plugin-sdk/packer"
)

// confNoCommunicator works locally and never uses the communicator, as
// shell-local does: right in an unusual way.
type confNoCommunicator struct{ confProvisioner }

func (p *confNoCommunicator) Provision(ctx context.Context, ui packer.Ui, comm packer.Communicator, _ map[string]any) error {
	ui.Say("provisioned locally")
	return nil
}

func init() {
	provisioners["no-communicator"] = &confNoCommunicator{confProvisioner{name: "no-communicator"}}
}
