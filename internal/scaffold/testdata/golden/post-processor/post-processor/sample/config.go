//go:generate go tool packer-sdc mapstructure-to-hcl2 -type Config

package sample

import (
	"github.com/hashicorp/packer-plugin-sdk/common"
	"github.com/hashicorp/packer-plugin-sdk/template/config"
	"github.com/hashicorp/packer-plugin-sdk/template/interpolate"
)

// DefaultOutput is where the manifest goes when output is not set.
const DefaultOutput = "SHA256SUMS"

// Config is the configuration of the sample post-processor.
type Config struct {
	common.PackerConfig `mapstructure:",squash"`

	// Path of the checksum manifest to write, in `sha256sum` format
	// ("<hex>  <file>" per line). Defaults to "SHA256SUMS".
	Output string `mapstructure:"output"`

	ctx interpolate.Context
}

// Configure decodes and validates raws into c. It only looks at the
// configuration (no files, network or processes) and can run any number
// of times: Packer configures post-processors again at build time.
func (c *Config) Configure(raws ...interface{}) error {
	*c = Config{}
	err := config.Decode(c, &config.DecodeOpts{
		PluginType:         "sample",
		Interpolate:        true,
		InterpolateContext: &c.ctx,
	}, raws...)
	if err != nil {
		return err
	}
	if c.Output == "" {
		c.Output = DefaultOutput
	}
	return nil
}
