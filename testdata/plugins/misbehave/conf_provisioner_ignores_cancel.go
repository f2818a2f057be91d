package main

import (
	"context"
	"time"

	"github.com/hashicorp/packer-plugin-sdk/packer"
)

// confProvisionerIgnoresCancel keeps provisioning after core cancelled it
// (packer#11407).
type confProvisionerIgnoresCancel struct{ confProvisioner }

func (p *confProvisionerIgnoresCancel) Provision(ctx context.Context, ui packer.Ui, comm packer.Communicator, data map[string]interface{}) error {
	ui.Say("provisioning, and not listening to cancellation")
	time.Sleep(10 * time.Minute)
	return nil
}

func init() {
	provisioners["conf-ignores-cancel"] = &confProvisionerIgnoresCancel{confProvisioner{name: "conf-ignores-cancel"}}
}
