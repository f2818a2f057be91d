// Package sample implements the sample builder.
//
// A Packer builder that produces a file artifact.
package sample

import (
	"context"
	"errors"
	"os"

	"github.com/hashicorp/hcl/v2/hcldec"
	"github.com/hashicorp/packer-plugin-sdk/multistep"
	"github.com/hashicorp/packer-plugin-sdk/multistep/commonsteps"
	packersdk "github.com/hashicorp/packer-plugin-sdk/packer"
)

// BuilderId identifies artifacts of this builder.
const BuilderId = "acme.sample"

// Builder writes a file, then runs the build's provisioners.
type Builder struct {
	config Config
}

var _ packersdk.Builder = new(Builder)

// ConfigSpec describes the configuration for HCL2 templates.
func (b *Builder) ConfigSpec() hcldec.ObjectSpec { return b.config.FlatMapstructure().HCL2Spec() }

// Prepare validates the configuration. It returns the names of the
// variables Run puts into generated_data, usable as build.<Name> in HCL2.
func (b *Builder) Prepare(raws ...interface{}) ([]string, []string, error) {
	warnings, err := b.config.Prepare(raws...)
	if err != nil {
		return nil, warnings, err
	}
	return []string{"OutputPath", "OutputSHA256"}, warnings, nil
}

// Run writes the file, then calls the provision hook. Cancelling ctx stops
// the build between steps and removes the half-made file.
func (b *Builder) Run(ctx context.Context, ui packersdk.Ui, hook packersdk.Hook) (packersdk.Artifact, error) {
	state := new(multistep.BasicStateBag)
	state.Put("config", &b.config)
	state.Put("hook", hook)
	state.Put("ui", ui)
	// No machine to connect to: provisioners that need one get a clear error.
	state.Put("communicator", noCommunicator{})

	steps := []multistep.Step{
		new(stepWriteFile),             // the artifact itself
		new(commonsteps.StepProvision), // packer_provision hook: the build's provisioners
	}
	runner := commonsteps.NewRunner(steps, b.config.PackerConfig, ui)
	runner.Run(ctx, state)

	if err, ok := state.GetOk("error"); ok {
		return nil, err.(error)
	}
	if _, ok := state.GetOk(multistep.StateCancelled); ok {
		return nil, errors.New("build was cancelled")
	}
	if _, ok := state.GetOk(multistep.StateHalted); ok {
		return nil, errors.New("build was halted")
	}
	host, _ := os.Hostname()
	return &Artifact{
		Path:   state.Get("artifact_path").(string),
		SHA256: state.Get("sha256").(string),
		Host:   host,
		// Core hands generated_data to post-processors through the artifact.
		StateData: map[string]interface{}{"generated_data": state.Get("generated_data")},
	}, nil
}
