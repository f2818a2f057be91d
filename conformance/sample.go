package conformance

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"

	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
)

// SampleConfigName is the sample configuration file looked for in a plugin
// project: one block per component that needs settings to be valid,
//
//	post-processor "compress" {
//	  output = "out.tar.gz"
//	}
//
// with block types builder, post-processor, provisioner and datasource,
// labelled with the component name as `describe` lists it (a component
// registered under the SDK's default name may be labelled "default").
// Values must be literals: no variables, no functions.
const SampleConfigName = "conformance.pkr.hcl"

// FindSampleConfig returns the path of SampleConfigName in dir when it is
// a file there, else "" (no sample).
func FindSampleConfig(dir string) string {
	p := filepath.Join(dir, SampleConfigName)
	if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
		return p
	}
	return ""
}

// sampleConfig holds the blocks of a sample configuration file.
type sampleConfig struct {
	path   string
	blocks map[harness.Component]*hcl.Block
}

var sampleSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
	{Type: string(harness.KindBuilder), LabelNames: []string{"name"}},
	{Type: string(harness.KindPostProcessor), LabelNames: []string{"name"}},
	{Type: string(harness.KindProvisioner), LabelNames: []string{"name"}},
	{Type: string(harness.KindDatasource), LabelNames: []string{"name"}},
}}

// loadSampleConfig parses path; an empty path means no sample.
func loadSampleConfig(path string) (*sampleConfig, error) {
	s := &sampleConfig{path: path, blocks: map[harness.Component]*hcl.Block{}}
	if path == "" {
		return s, nil
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading the sample configuration: %w", err)
	}
	f, diags := hclparse.NewParser().ParseHCL(src, path)
	if diags.HasErrors() {
		return nil, fmt.Errorf("sample configuration %s: %s", path, diags.Error())
	}
	content, diags := f.Body.Content(sampleSchema)
	if diags.HasErrors() {
		return nil, fmt.Errorf("sample configuration %s: %s (blocks are builder, post-processor, provisioner or datasource, labelled with the component name)", path, diags.Error())
	}
	for _, b := range content.Blocks {
		name := b.Labels[0]
		if name == "default" {
			name = harness.DefaultName
		}
		c := harness.Component{Kind: harness.Kind(b.Type), Name: name}
		if prev, ok := s.blocks[c]; ok {
			return nil, fmt.Errorf("sample configuration %s: %s %q is configured twice (%s and %s); keep one block", path, b.Type, b.Labels[0], prev.DefRange, b.DefRange)
		}
		s.blocks[c] = b
	}
	return s, nil
}

// block returns the sample block for c, or nil.
func (s *sampleConfig) block(c harness.Component) *hcl.Block {
	if s == nil {
		return nil
	}
	return s.blocks[c]
}

// unused lists blocks naming components describe does not list: most
// likely a typo, reported as a warning of plugin.describe in file order.
func (s *sampleConfig) unused(d *harness.Description) []string {
	var blocks []*hcl.Block
	for c, b := range s.blocks {
		if !d.Has(c) {
			blocks = append(blocks, b)
		}
	}
	sort.Slice(blocks, func(i, j int) bool { return blocks[i].DefRange.Start.Byte < blocks[j].DefRange.Start.Byte })
	var out []string
	for _, b := range blocks {
		out = append(out, fmt.Sprintf("%s: %s %q is not a component of this plugin", b.DefRange, b.Type, b.Labels[0]))
	}
	return out
}
