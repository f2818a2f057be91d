// Package schema reads a plugin's configuration schema from the live
// plugin, as Packer core sees it: every component's HCL2 spec (ConfigSpec)
// and each datasource's OutputSpec, over the plugin RPC, with the text of
// each attribute from the project's docs when they are there. Its JSON
// shape follows `terraform providers schema -json`.
package schema

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2/hcldec"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/naming"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/plugindocs"
)

// FormatVersion is the version of the JSON shape.
const FormatVersion = "1.0"

// Plugin is a plugin's schema.
type Plugin struct {
	FormatVersion string      `json:"format_version"`
	Name          string      `json:"name"`
	Version       string      `json:"version"`
	APIVersion    string      `json:"api_version"`
	Components    []Component `json:"components"`
}

// Component is one component's schema.
type Component struct {
	Kind string `json:"kind"`
	// Name is how templates address it: <plugin>-<name>, or the plugin's
	// name for the default component.
	Name string `json:"name"`
	// Registered is the name main.go registers it under, which
	// describe lists; empty for the one registered under
	// plugin.DEFAULT_NAME, whose name is the SDK's internal
	// "-packer-default-plugin-name-" and never shown.
	Registered string `json:"registered_name,omitempty"`
	Config     *Block `json:"config"`
	Output     *Block `json:"output,omitempty"` // datasources: what Execute returns
	// Error says why the schema could not be read.
	Error string `json:"error,omitempty"`
	// DocsPage is the page the descriptions come from, "" without one.
	DocsPage string `json:"docs_page,omitempty"`
}

// Block is a set of attributes and nested blocks.
type Block struct {
	Attributes map[string]*Attribute   `json:"attributes,omitempty"`
	BlockTypes map[string]*NestedBlock `json:"block_types,omitempty"`
}

// Attribute is one attribute.
type Attribute struct {
	// Type is the cty type in its JSON form ("string", ["list","string"]).
	Type        json.RawMessage `json:"type"`
	Required    bool            `json:"required,omitempty"`
	Optional    bool            `json:"optional,omitempty"`
	Description string          `json:"description,omitempty"`
	ctyType     cty.Type
	// docsRequired: the docs list it under "Required".
	docsRequired bool
}

// NestedBlock is a block type inside a block.
type NestedBlock struct {
	// NestingMode is single, list, set or map.
	NestingMode string `json:"nesting_mode"`
	Block       *Block `json:"block"`
	MinItems    int    `json:"min_items,omitempty"`
	MaxItems    int    `json:"max_items,omitempty"`
	Required    bool   `json:"required,omitempty"`
	Description string `json:"description,omitempty"`
}

// Options say what Read reads.
type Options struct {
	// ProjectDir, when not empty, gives the attributes' text from the
	// project's docs.
	ProjectDir string
	// Only restricts Read to these components (all when empty).
	Only []harness.Component
	// Harness is how each component is started.
	Harness harness.Options
}

// Read describes bin and reads every component's schema by starting it as
// core does. A component that does not start or answer keeps its error in
// Component.Error and the others are read all the same; the returned
// error then says which failed.
func Read(ctx context.Context, bin string, o Options) (*Plugin, error) {
	d, err := harness.Describe(ctx, bin)
	if err != nil {
		return nil, err
	}
	o.Harness.Gob = !d.SpeaksProtobuf()
	plugin := naming.FromBinary(bin)
	out := &Plugin{FormatVersion: FormatVersion, Name: plugin, Version: d.Version, APIVersion: d.APIVersion, Components: []Component{}}
	var failed []string
	for _, c := range d.Components() {
		if len(o.Only) > 0 && !slices.Contains(o.Only, c) {
			continue
		}
		comp, err := readComponent(ctx, bin, plugin, c, o)
		if err != nil {
			comp.Error = err.Error()
			failed = append(failed, comp.Kind+" "+comp.Name)
		}
		out.Components = append(out.Components, *comp)
	}
	if len(failed) > 0 {
		return out, fmt.Errorf("the schema of %s could not be read (see \"error\")", strings.Join(failed, ", "))
	}
	return out, nil
}

func readComponent(ctx context.Context, bin, plugin string, c harness.Component, o Options) (*Component, error) {
	comp := &Component{Kind: string(c.Kind), Name: naming.ComponentAddress(plugin, c.Name)}
	if c.Name != naming.DefaultComponent {
		comp.Registered = c.Name
	}
	p, err := harness.Start(ctx, bin, c, o.Harness)
	if err != nil {
		return comp, err
	}
	defer p.Close()
	config, err := p.ConfigSpec()
	if err != nil {
		return comp, fmt.Errorf("ConfigSpec: %w", err)
	}
	comp.Config = FromSpec(config)
	for name := range comp.Config.Attributes {
		// Core sets these in every configuration; templates never do.
		if naming.IsCoreKey(name) {
			delete(comp.Config.Attributes, name)
		}
	}
	if c.Kind == harness.KindDatasource {
		output, err := p.OutputSpec()
		if err != nil {
			return comp, fmt.Errorf("OutputSpec: %w", err)
		}
		comp.Output = FromSpec(output)
	}
	if o.ProjectDir != "" {
		page, err := plugindocs.ReadComponent(o.ProjectDir, comp.Kind, comp.Name, c.Name)
		if err != nil {
			return comp, err
		}
		if page != nil {
			comp.DocsPage = page.Path
			docs := map[string]plugindocs.Attribute{}
			for _, a := range page.Attributes {
				docs[a.Name] = a
			}
			comp.Config.describe(docs)
			comp.Output.describe(docs)
		}
	}
	return comp, nil
}

// FromSpec converts an HCL2 spec, as ConfigSpec and OutputSpec return it.
func FromSpec(spec hcldec.ObjectSpec) *Block {
	b := &Block{Attributes: map[string]*Attribute{}, BlockTypes: map[string]*NestedBlock{}}
	for key, s := range spec {
		b.add(key, s, false)
	}
	return b
}

// Names are the names of the block's attributes and nested blocks, at
// every depth.
func (b *Block) Names() map[string]bool {
	names := map[string]bool{}
	var walk func(b *Block)
	walk = func(b *Block) {
		for n := range b.Attributes {
			names[n] = true
		}
		for n, nb := range b.BlockTypes {
			names[n] = true
			walk(nb.Block)
		}
	}
	walk(b)
	return names
}

func (b *Block) add(key string, s hcldec.Spec, optional bool) {
	switch s := s.(type) {
	case *hcldec.AttrSpec:
		b.Attributes[s.Name] = newAttribute(s.Type, s.Required && !optional)
	case *hcldec.DefaultSpec:
		b.add(key, s.Primary, true)
	case *hcldec.BlockAttrsSpec:
		b.Attributes[s.TypeName] = newAttribute(cty.Map(s.ElementType), s.Required && !optional)
	case *hcldec.BlockSpec:
		b.BlockTypes[s.TypeName] = nested("single", s.Nested, s.Required && !optional, 0, 0)
	case *hcldec.BlockListSpec:
		b.BlockTypes[s.TypeName] = nested("list", s.Nested, false, s.MinItems, s.MaxItems)
	case *hcldec.BlockTupleSpec:
		b.BlockTypes[s.TypeName] = nested("list", s.Nested, false, s.MinItems, s.MaxItems)
	case *hcldec.BlockSetSpec:
		b.BlockTypes[s.TypeName] = nested("set", s.Nested, false, s.MinItems, s.MaxItems)
	case *hcldec.BlockMapSpec:
		b.BlockTypes[s.TypeName] = nested("map", s.Nested, false, 0, 0)
	case *hcldec.BlockObjectSpec:
		b.BlockTypes[s.TypeName] = nested("map", s.Nested, false, 0, 0)
	}
}

func nested(mode string, spec hcldec.Spec, required bool, min, max int) *NestedBlock {
	inner := &Block{Attributes: map[string]*Attribute{}, BlockTypes: map[string]*NestedBlock{}}
	switch s := spec.(type) {
	case hcldec.ObjectSpec:
		for k, v := range s {
			inner.add(k, v, false)
		}
	case *hcldec.ObjectSpec:
		for k, v := range *s {
			inner.add(k, v, false)
		}
	}
	return &NestedBlock{NestingMode: mode, Block: inner, Required: required, MinItems: min, MaxItems: max}
}

func newAttribute(t cty.Type, required bool) *Attribute {
	raw, err := ctyjson.MarshalType(t)
	if err != nil {
		raw = json.RawMessage(`"dynamic"`)
	}
	return &Attribute{Type: raw, Required: required, Optional: !required, ctyType: t}
}

// describe gives each attribute and block the docs' text of its name,
// and notes what the docs list as required: packer-sdc's specs mark
// nothing required (Prepare checks it), so the markdown lists it as the
// docs do; the JSON's required stays the spec's.
func (b *Block) describe(docs map[string]plugindocs.Attribute) {
	if b == nil {
		return
	}
	for name, a := range b.Attributes {
		a.Description = docs[name].Doc
		a.docsRequired = docs[name].Required
	}
	for name, nb := range b.BlockTypes {
		nb.Description = docs[name].Doc
		nb.Block.describe(docs)
	}
}

// sortedKeys lists a map's keys in order, for stable output.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
