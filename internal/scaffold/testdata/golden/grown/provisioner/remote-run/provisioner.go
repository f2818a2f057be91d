// Package remoterun implements the sample-remote-run provisioner.
//
// A Packer provisioner that runs a command on the machine being built.
package remoterun

import (
	"context"
	"fmt"

	"github.com/hashicorp/hcl/v2/hcldec"
	packersdk "github.com/hashicorp/packer-plugin-sdk/packer"
)

// Provisioner runs one command on the machine through the communicator and
// streams its output to the Packer UI.
type Provisioner struct {
	config Config
}

var _ packersdk.Provisioner = new(Provisioner)

// ConfigSpec describes the configuration for HCL2 templates.
func (p *Provisioner) ConfigSpec() hcldec.ObjectSpec { return p.config.FlatMapstructure().HCL2Spec() }

// Prepare validates the configuration.
func (p *Provisioner) Prepare(raws ...interface{}) error { return p.config.Prepare(raws...) }

// Provision runs the command. Cancelling ctx stops waiting for it (the
// communicator ends the remote command).
func (p *Provisioner) Provision(ctx context.Context, ui packersdk.Ui, comm packersdk.Communicator, generatedData map[string]interface{}) error {
	if comm == nil {
		return fmt.Errorf("the sample-remote-run provisioner needs a communicator to reach the machine: set communicator = \"ssh\" (or winrm) on the source")
	}
	ui.Say(fmt.Sprintf("Running command: %s", p.config.Command))
	cmd := &packersdk.RemoteCmd{Command: p.config.Command}
	// RunWithUi streams stdout and stderr to the UI line by line.
	if err := cmd.RunWithUi(ctx, comm, ui); err != nil {
		return fmt.Errorf("run %q: %w", p.config.Command, err)
	}
	status := cmd.ExitStatus()
	for _, ok := range p.config.ValidExitCodes {
		if status == ok {
			ui.Say(fmt.Sprintf("Command exited with status %d", status))
			return nil
		}
	}
	return fmt.Errorf("command %q exited with status %d, not one of valid_exit_codes %v", p.config.Command, status, p.config.ValidExitCodes)
}
