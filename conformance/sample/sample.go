package conformance

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/zclconf/go-cty/cty"

	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
)

// SampleConfigName is the sample configuration file looked for in a plugin
// project: one block per component that needs settings to be valid,
//
//	post-processor "compress" {
//	  output = "out.tar.gz"
//
//	  conformance {            # optional: what the suite itself needs
//	    env = { TOKEN = "x" }
//	    remote_files = { "/etc/os-release" = "ID=debian\n" }  # provisioners' downloads
//	    input_artifact { builder_id = "acme.builder" }
//	    acknowledge "config.side-effects" {
//	      match  = "exec .*docker"
//	      reason = "Prepare checks the docker version, on purpose"
//	    }
//	  }
//	}
//
// with block types builder, post-processor, provisioner and datasource,
// labelled with the component name as `describe` lists it; the component
// registered under the SDK's default name may be labelled "default", with
// the plugin's name, or with the SDK's name for it. Values must be
// literals: no variables, no functions.
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

// sampleBlock is the configuration given for one component, from the
// sample file or from an example template, and what the suite needs
// besides (the conformance meta block).
type sampleBlock struct {
	kind  harness.Kind
	label string
	// body is the configuration without the meta block; ctx evaluates it
	// (nil for the sample file, the variables' defaults for examples).
	body  hcl.Body
	ctx   *hcl.EvalContext
	rng   hcl.Range
	where string // "the sample configuration at FILE:LINE", ...
	// text is the configuration's source without the meta block (sample
	// file only), for repro templates.
	text string

	env []string
	// remoteFiles are files the machine a provisioner works on has, by
	// path, for its downloads.
	remoteFiles map[string]string
	input       *inputSpec
	acks        []*acknowledgement
}

// sampleConfig holds the blocks of a sample configuration file.
type sampleConfig struct {
	path   string
	plugin string // the plugin's name, another label of its default component
	blocks []*sampleBlock
}

var sampleSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
	{Type: string(harness.KindBuilder), LabelNames: []string{"name"}},
	{Type: string(harness.KindPostProcessor), LabelNames: []string{"name"}},
	{Type: string(harness.KindProvisioner), LabelNames: []string{"name"}},
	{Type: string(harness.KindDatasource), LabelNames: []string{"name"}},
}}

// loadSampleConfig parses path; an empty path means no sample. plugin is
// the plugin's name, which may label its default component.
func loadSampleConfig(path, plugin string) (*sampleConfig, error) {
	s := &sampleConfig{path: path, plugin: plugin}
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
		sb, err := newSampleBlock(harness.Kind(b.Type), b.Labels[0], b.Body, b.DefRange, filepath.Dir(path))
		if err != nil {
			return nil, fmt.Errorf("sample configuration %s", err)
		}
		sb.where = "the sample configuration at " + shortRange(b.DefRange)
		sb.text = blockText(src, b.Body)
		for _, prev := range s.blocks {
			if prev.kind == sb.kind && s.sameComponent(prev.label, sb.label) {
				return nil, fmt.Errorf("sample configuration %s: %s %q is configured twice (%s and %s); keep one block", path, b.Type, b.Labels[0], prev.rng, b.DefRange)
			}
		}
		s.blocks = append(s.blocks, sb)
	}
	return s, nil
}

// newSampleBlock splits a component block into its configuration and its
// conformance meta block; base resolves relative input artifact files.
func newSampleBlock(kind harness.Kind, label string, body hcl.Body, rng hcl.Range, base string) (*sampleBlock, error) {
	meta, rest, diags := body.PartialContent(metaSchema)
	if diags.HasErrors() {
		return nil, fmt.Errorf("%s: %s", rng, diags.Error())
	}
	sb := &sampleBlock{kind: kind, label: label, body: rest, rng: rng}
	for _, m := range meta.Blocks {
		if err := sb.decodeMeta(m, base); err != nil {
			return nil, err
		}
	}
	return sb, nil
}

// defaultLabels are the labels of the component registered under the SDK's
// default name, besides that name itself.
func (s *sampleConfig) defaultLabels() []string {
	labels := []string{"default", harness.DefaultName}
	if s.plugin != "" {
		labels = append(labels, s.plugin)
	}
	return labels
}

// sameComponent reports whether two labels name the same component.
func (s *sampleConfig) sameComponent(a, b string) bool {
	return a == b || s.isDefaultLabel(a) && s.isDefaultLabel(b)
}

func (s *sampleConfig) isDefaultLabel(l string) bool {
	for _, d := range s.defaultLabels() {
		if l == d {
			return true
		}
	}
	return false
}

// names reports whether label names component c.
func (s *sampleConfig) names(label string, c harness.Component) bool {
	if c.Name == harness.DefaultName {
		return s.isDefaultLabel(label)
	}
	return label == c.Name
}

// block returns the sample block for c, or nil. An exact label wins over
// the default component's other spellings.
func (s *sampleConfig) block(c harness.Component) *sampleBlock {
	if s == nil {
		return nil
	}
	var found *sampleBlock
	for _, b := range s.blocks {
		if b.kind != c.Kind {
			continue
		}
		if b.label == c.Name {
			return b
		}
		if found == nil && s.names(b.label, c) {
			found = b
		}
	}
	return found
}

// unused lists blocks naming no component describe lists, in file order:
// a mislabelled block leaves its component without the configuration
// meant for it.
func (s *sampleConfig) unused(d *harness.Description) []string {
	var out []string
	blocks := append([]*sampleBlock(nil), s.blocks...)
	sort.SliceStable(blocks, func(i, j int) bool { return blocks[i].rng.Start.Byte < blocks[j].rng.Start.Byte })
	for _, b := range blocks {
		used := false
		for _, c := range d.Components() {
			used = used || c.Kind == b.kind && s.names(b.label, c)
		}
		if !used {
			out = append(out, fmt.Sprintf("%s: %s %q is not a component of this plugin (describe lists %s)", b.rng, b.kind, b.label, listComponents(d, s.plugin)))
		}
	}
	return out
}

// listComponents names every component as the report does.
func listComponents(d *harness.Description, plugin string) string {
	var names []string
	for _, c := range d.Components() {
		names = append(names, fmt.Sprintf("%s %q", c.Kind, displayName(plugin, c)))
	}
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

// shortRange is FILE:LINE of a block's header.
func shortRange(r hcl.Range) string { return fmt.Sprintf("%s:%d", r.Filename, r.Start.Line) }

// ctyString returns v as a Go string, for meta attributes.
func ctyString(v cty.Value) (string, bool) {
	if v.IsNull() || !v.IsKnown() || v.Type() != cty.String {
		return "", false
	}
	return v.AsString(), true
}
