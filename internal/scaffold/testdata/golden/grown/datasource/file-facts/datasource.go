// Package filefacts implements the sample-file-facts data source.
//
// A Packer data source that reads a local file and exposes its content and SHA-256 digest.
package filefacts

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"

	"github.com/hashicorp/hcl/v2/hcldec"
	"github.com/hashicorp/packer-plugin-sdk/hcl2helper"
	packersdk "github.com/hashicorp/packer-plugin-sdk/packer"
	"github.com/zclconf/go-cty/cty"
)

// Datasource reads a local file.
type Datasource struct {
	config Config
}

var _ packersdk.Datasource = new(Datasource)

// ConfigSpec describes the configuration for HCL2 templates.
func (d *Datasource) ConfigSpec() hcldec.ObjectSpec { return d.config.FlatMapstructure().HCL2Spec() }

// Configure validates the configuration.
func (d *Datasource) Configure(raws ...interface{}) error { return d.config.Configure(raws...) }

// OutputSpec describes what Execute returns.
func (d *Datasource) OutputSpec() hcldec.ObjectSpec {
	return (&DatasourceOutput{}).FlatMapstructure().HCL2Spec()
}

// Execute reads the file. Its value always matches OutputSpec.
func (d *Datasource) Execute() (cty.Value, error) {
	data, err := os.ReadFile(d.config.Path)
	if err != nil {
		// A typed null, never cty.NilVal: Packer cannot encode NilVal
		// across the plugin boundary.
		return cty.NullVal(hcldec.ImpliedType(d.OutputSpec())), fmt.Errorf("read %s: %w", d.config.Path, err)
	}
	sum := sha256.Sum256(data)
	out := DatasourceOutput{
		Content: string(data),
		SHA256:  hex.EncodeToString(sum[:]),
		Size:    int64(len(data)),
	}
	return hcl2helper.HCL2ValueFromConfig(out, d.OutputSpec()), nil
}
