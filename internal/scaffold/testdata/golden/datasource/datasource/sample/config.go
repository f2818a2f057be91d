//go:generate go tool packer-sdc mapstructure-to-hcl2 -type Config,DatasourceOutput

package sample

import (
	"fmt"

	"github.com/hashicorp/packer-plugin-sdk/common"
	"github.com/hashicorp/packer-plugin-sdk/template/config"
)

// Config is the configuration of the sample data source.
type Config struct {
	common.PackerConfig `mapstructure:",squash"`

	// Path of the local file to read. Required.
	Path string `mapstructure:"path" required:"true"`
}

// DatasourceOutput is what `data.sample.<label>` exposes in HCL2.
type DatasourceOutput struct {
	// Content of the file, as text.
	Content string `mapstructure:"content"`
	// SHA-256 digest of the file, lowercase hex.
	SHA256 string `mapstructure:"sha256"`
	// Size of the file in bytes.
	Size int64 `mapstructure:"size"`
}

// Configure decodes and validates raws into c. It only looks at the
// configuration: the file is read in Execute, which Packer runs at build
// time, not during `packer validate`.
func (c *Config) Configure(raws ...interface{}) error {
	*c = Config{}
	if err := config.Decode(c, nil, raws...); err != nil {
		return err
	}
	if c.Path == "" {
		return fmt.Errorf("path is required: set it to the local file to read")
	}
	return nil
}
