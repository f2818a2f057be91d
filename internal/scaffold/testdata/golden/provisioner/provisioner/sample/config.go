//go:generate go tool packer-sdc mapstructure-to-hcl2 -type Config

package sample

import (
	"fmt"

	"github.com/hashicorp/packer-plugin-sdk/common"
	"github.com/hashicorp/packer-plugin-sdk/template/config"
	"github.com/hashicorp/packer-plugin-sdk/template/interpolate"
)

// Config is the configuration of the sample provisioner.
type Config struct {
	common.PackerConfig `mapstructure:",squash"`

	// Command run on the machine being built, through its communicator
	// (a shell command line over SSH, for example). Required.
	Command string `mapstructure:"command" required:"true"`
	// Exit codes that count as success. Defaults to [0].
	ValidExitCodes []int `mapstructure:"valid_exit_codes"`

	ctx interpolate.Context
}

// Prepare decodes and validates raws into c. It only looks at the
// configuration (no files, network or processes) and can run any number
// of times: Packer prepares provisioners again before each Provision.
func (c *Config) Prepare(raws ...interface{}) error {
	*c = Config{}
	err := config.Decode(c, &config.DecodeOpts{
		PluginType:         "sample",
		Interpolate:        true,
		InterpolateContext: &c.ctx,
	}, raws...)
	if err != nil {
		return err
	}
	if c.Command == "" {
		return fmt.Errorf("command is required: set it to the command to run on the machine")
	}
	if len(c.ValidExitCodes) == 0 {
		c.ValidExitCodes = []int{0}
	}
	return nil
}
