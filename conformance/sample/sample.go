// Package sample reads what configures each component for the conformance
// suite: its block in the sample configuration file (conformance.pkr.hcl),
// else a block of the project's example templates, each with the
// conformance meta block of what the suite itself needs (env, an input
// artifact, remote files, acknowledgements).
package sample

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
)

// FileName is the sample configuration file looked for in a plugin
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
const FileName = "conformance.pkr.hcl"

// Find returns the path of FileName in dir when it is a file there, else
// "" (no sample).
func Find(dir string) string {
	p := filepath.Join(dir, FileName)
	if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
		return p
	}
	return ""
}

// Block is the configuration given for one component, from the sample
// file or from an example template, and what the suite needs besides (the
// conformance meta block).
type Block struct {
	kind  harness.Kind
	label string
	// body is the configuration without the meta block; ctx evaluates it
	// (nil for the sample file, the variables' defaults for examples).
	body hcl.Body
	ctx  *hcl.EvalContext
	rng  hcl.Range
	// Where says where it is: "the sample configuration at FILE:LINE", ...
	Where string
	// Text is the configuration's source without the meta block (sample
	// file only), for repro templates.
	Text string

	// Env is what the block adds to the plugin's environment ("NAME=value").
	Env []string
	// RemoteFiles are files the machine a provisioner works on has, by
	// path, for its downloads.
	RemoteFiles map[string]string
	// Input is the input artifact a post-processor gets; nil for the default.
	Input *Input
	// Acks are the author's acknowledgements of deliberate findings.
	Acks []*Ack
}

// Config holds the blocks of a sample configuration file.
type Config struct {
	path   string
	plugin string // the plugin's name, another label of its default component
	blocks []*Block
}

// Path is the file's path; "" when there is no sample.
func (s *Config) Path() string { return s.path }

// Plugin is the plugin's name, which may label its default component.
func (s *Config) Plugin() string { return s.plugin }

var sampleSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
	{Type: string(harness.KindBuilder), LabelNames: []string{"name"}},
	{Type: string(harness.KindPostProcessor), LabelNames: []string{"name"}},
	{Type: string(harness.KindProvisioner), LabelNames: []string{"name"}},
	{Type: string(harness.KindDatasource), LabelNames: []string{"name"}},
}}

// Load parses path; an empty path means no sample. plugin is the plugin's
// name, which may label its default component; known tells the check ids
// an acknowledgement may name (nil: any).
func Load(path, plugin string, known func(id string) bool) (*Config, error) {
	s := &Config{path: path, plugin: plugin}
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
		sb, err := newBlock(harness.Kind(b.Type), b.Labels[0], b.Body, b.DefRange, filepath.Dir(path), known)
		if err != nil {
			return nil, fmt.Errorf("sample configuration %s", err)
		}
		sb.Where = "the sample configuration at " + shortRange(b.DefRange)
		sb.Text = blockText(src, b.Body)
		for _, prev := range s.blocks {
			if prev.kind == sb.kind && s.sameComponent(prev.label, sb.label) {
				return nil, fmt.Errorf("sample configuration %s: %s %q is configured twice (%s and %s); keep one block", path, b.Type, b.Labels[0], prev.rng, b.DefRange)
			}
		}
		s.blocks = append(s.blocks, sb)
	}
	return s, nil
}

// newBlock splits a component block into its configuration and its
// conformance meta block; base resolves relative input artifact files.
func newBlock(kind harness.Kind, label string, body hcl.Body, rng hcl.Range, base string, known func(id string) bool) (*Block, error) {
	meta, rest, diags := body.PartialContent(metaSchema)
	if diags.HasErrors() {
		return nil, fmt.Errorf("%s: %s", rng, diags.Error())
	}
	sb := &Block{kind: kind, label: label, body: rest, rng: rng}
	for _, m := range meta.Blocks {
		if err := sb.decodeMeta(m, base, known); err != nil {
			return nil, err
		}
	}
	return sb, nil
}

// defaultLabels are the labels of the component registered under the SDK's
// default name, besides that name itself.
func (s *Config) defaultLabels() []string {
	labels := []string{"default", harness.DefaultName}
	if s.plugin != "" {
		labels = append(labels, s.plugin)
	}
	return labels
}

// sameComponent reports whether two labels name the same component.
func (s *Config) sameComponent(a, b string) bool {
	return a == b || s.IsDefaultLabel(a) && s.IsDefaultLabel(b)
}

// IsDefaultLabel reports whether l names the component registered under
// the SDK's default name: "default", that name, or the plugin's.
func (s *Config) IsDefaultLabel(l string) bool {
	return slices.Contains(s.defaultLabels(), l)
}

// names reports whether label names component c.
func (s *Config) names(label string, c harness.Component) bool {
	if c.Name == harness.DefaultName {
		return s.IsDefaultLabel(label)
	}
	return label == c.Name
}

// Block returns the sample block for c, or nil. An exact label wins over
// the default component's other spellings.
func (s *Config) Block(c harness.Component) *Block {
	if s == nil {
		return nil
	}
	var found *Block
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

// Unused lists blocks naming no component describe lists, in file order:
// a mislabelled block leaves its component without the configuration
// meant for it.
func (s *Config) Unused(d *harness.Description) []string {
	var out []string
	blocks := slices.Clone(s.blocks)
	sort.SliceStable(blocks, func(i, j int) bool { return blocks[i].rng.Start.Byte < blocks[j].rng.Start.Byte })
	for _, b := range blocks {
		used := false
		for _, c := range d.Components() {
			used = used || c.Kind == b.kind && s.names(b.label, c)
		}
		if !used {
			out = append(out, fmt.Sprintf("%s: %s %q is not a component of this plugin (describe lists %s)", b.rng, b.kind, b.label, ListComponents(d, s.plugin)))
		}
	}
	return out
}

// ListComponents names every component as the report does.
func ListComponents(d *harness.Description, plugin string) string {
	var names []string
	for _, c := range d.Components() {
		names = append(names, fmt.Sprintf("%s %q", c.Kind, DisplayName(plugin, c)))
	}
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

// DisplayName is how reports, --component and the sample file name c: its
// registered name, or the plugin's name for the component registered
// under the SDK's default name ("default" when the binary is not named
// packer-plugin-<name>).
func DisplayName(plugin string, c harness.Component) string {
	if c.Name != harness.DefaultName {
		return c.Name
	}
	if plugin == "" {
		return "default"
	}
	return plugin
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

// blockText is the text of a block's attributes and nested blocks but the
// conformance meta block, for repro templates.
func blockText(src []byte, body hcl.Body) string {
	sb, ok := body.(*hclsyntax.Body)
	if !ok {
		return ""
	}
	type piece struct {
		start, end int
	}
	var ps []piece
	for _, a := range sb.Attributes {
		ps = append(ps, piece{a.SrcRange.Start.Byte, a.SrcRange.End.Byte})
	}
	for _, b := range sb.Blocks {
		if b.Type == metaBlock {
			continue
		}
		ps = append(ps, piece{b.TypeRange.Start.Byte, b.Body.SrcRange.End.Byte})
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].start < ps[j].start })
	var out strings.Builder
	for _, p := range ps {
		out.Write(src[p.start:p.end])
		out.WriteByte('\n')
	}
	return out.String()
}
