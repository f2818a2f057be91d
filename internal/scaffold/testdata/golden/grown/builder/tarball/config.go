//go:generate go tool packer-sdc mapstructure-to-hcl2 -type Config

package tarball

import (
	"fmt"

	"github.com/hashicorp/packer-plugin-sdk/common"
	"github.com/hashicorp/packer-plugin-sdk/template/config"
	"github.com/hashicorp/packer-plugin-sdk/template/interpolate"
)

// Config is the configuration of the sample-tarball builder.
type Config struct {
	common.PackerConfig `mapstructure:",squash"`

	// Path of the file the build creates. Required.
	Path string `mapstructure:"path" required:"true"`
	// Content written to the file. Defaults to an empty file.
	Content string `mapstructure:"content"`

	ctx interpolate.Context
}

// Prepare decodes and validates raws into c. It only looks at the
// configuration: no files, network or processes, so `packer validate` is
// safe and Prepare can run any number of times.
func (c *Config) Prepare(raws ...interface{}) ([]string, error) {
	*c = Config{}
	err := config.Decode(c, &config.DecodeOpts{
		PluginType:         "sample-tarball",
		Interpolate:        true,
		InterpolateContext: &c.ctx,
	}, raws...)
	if err != nil {
		return nil, err
	}
	if c.Path == "" {
		return nil, fmt.Errorf("path is required: set it to the file the build should create")
	}
	return nil, nil
}
