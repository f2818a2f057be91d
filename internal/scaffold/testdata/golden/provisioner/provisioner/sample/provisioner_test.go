package sample

import (
	"context"
	"strings"
	"testing"

	packersdk "github.com/hashicorp/packer-plugin-sdk/packer"
)

func prepared(t *testing.T, cfg map[string]interface{}) *Provisioner {
	t.Helper()
	p := new(Provisioner)
	if err := p.Prepare(cfg); err != nil {
		t.Fatalf("Prepare: %v", err)
	}
	return p
}

func TestProvisionRunsCommandAndStreamsOutput(t *testing.T) {
	p := prepared(t, map[string]interface{}{"command": "echo hello"})
	comm := &packersdk.MockCommunicator{StartStdout: "hello from the machine\n"}
	ui := new(packersdk.MockUi)

	if err := p.Provision(context.Background(), ui, comm, nil); err != nil {
		t.Fatalf("Provision: %v", err)
	}
	if !comm.StartCalled || comm.StartCmd.Command != "echo hello" {
		t.Fatalf("communicator ran %+v, want %q", comm.StartCmd, "echo hello")
	}
	var said []string
	for _, m := range ui.SayMessages {
		said = append(said, m.Message)
	}
	if !strings.Contains(strings.Join(said, "\n"), "hello from the machine") {
		t.Fatalf("command output not streamed to the UI: %q", said)
	}
}

func TestProvisionFailsOnBadExitCode(t *testing.T) {
	p := prepared(t, map[string]interface{}{"command": "false"})
	comm := &packersdk.MockCommunicator{StartExitStatus: 1}
	err := p.Provision(context.Background(), new(packersdk.MockUi), comm, nil)
	if err == nil || !strings.Contains(err.Error(), "status 1") {
		t.Fatalf("Provision with exit status 1: err = %v", err)
	}
}

func TestProvisionAcceptsConfiguredExitCode(t *testing.T) {
	p := prepared(t, map[string]interface{}{"command": "grep -q x f", "valid_exit_codes": []int{0, 1}})
	comm := &packersdk.MockCommunicator{StartExitStatus: 1}
	if err := p.Provision(context.Background(), new(packersdk.MockUi), comm, nil); err != nil {
		t.Fatalf("Provision with an allowed exit status: %v", err)
	}
}

func TestProvisionWithoutCommunicator(t *testing.T) {
	p := prepared(t, map[string]interface{}{"command": "true"})
	err := p.Provision(context.Background(), new(packersdk.MockUi), nil, nil)
	if err == nil || !strings.Contains(err.Error(), "communicator") {
		t.Fatalf("Provision without a communicator: err = %v", err)
	}
}
