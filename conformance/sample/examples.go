package sample

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/zclconf/go-cty/cty"

	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/naming"
)

// Without a sample block, a component's configuration is taken from the
// project's own example templates (*.pkr.hcl): the blocks that use it, with
// literal values and the defaults of the variables and locals they read.

var templateSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
	{Type: "variable", LabelNames: []string{"name"}},
	{Type: "locals"},
	{Type: "source", LabelNames: []string{"type", "name"}},
	{Type: "data", LabelNames: []string{"type", "name"}},
	{Type: "build"},
}}

var buildSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
	{Type: "provisioner", LabelNames: []string{"type"}},
	{Type: "post-processor", LabelNames: []string{"type"}},
	{Type: "post-processors"},
}}

var chainSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
	{Type: "post-processor", LabelNames: []string{"type"}},
}}

// coreOnly are the attributes and blocks core reads itself in a
// provisioner or post-processor block; the plugin never sees them.
var coreOnly = map[harness.Kind]*hcl.BodySchema{
	harness.KindProvisioner: {
		Attributes: []hcl.AttributeSchema{{Name: "only"}, {Name: "except"}, {Name: "pause_before"}, {Name: "max_retries"}, {Name: "timeout"}},
		Blocks:     []hcl.BlockHeaderSchema{{Type: "override"}},
	},
	harness.KindPostProcessor: {
		Attributes: []hcl.AttributeSchema{{Name: "only"}, {Name: "except"}, {Name: "keep_input_artifact"}, {Name: "name"}},
	},
}

// Examples returns the blocks of the project's example templates under
// dir that configure a component, in file order; known tells the check
// ids an acknowledgement may name.
func Examples(dir string, known func(id string) bool) []*Block {
	if dir == "" {
		return nil
	}
	var files []string
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		name := d.Name()
		if d.IsDir() {
			if path != dir && (strings.HasPrefix(name, ".") || name == "vendor" || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(name, ".pkr.hcl") && name != FileName {
			files = append(files, path)
		}
		return nil
	})
	sort.Strings(files)
	var out []*Block
	for _, f := range files {
		out = append(out, templateBlocks(f, known)...)
	}
	return out
}

// templateBlocks reads one template; a file that does not parse offers
// nothing (packer validate is the place to hear about it).
func templateBlocks(path string, known func(id string) bool) []*Block {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	f, diags := hclparse.NewParser().ParseHCL(src, path)
	if diags.HasErrors() {
		return nil
	}
	content, _, diags := f.Body.PartialContent(templateSchema)
	if diags.HasErrors() {
		return nil
	}
	ctx := templateContext(content.Blocks)
	var out []*Block
	add := func(kind harness.Kind, b *hcl.Block) {
		body := b.Body
		if schema := coreOnly[kind]; schema != nil {
			if _, rest, diags := body.PartialContent(schema); !diags.HasErrors() {
				body = rest
			}
		}
		sb, err := newBlock(kind, b.Labels[0], body, b.DefRange, filepath.Dir(path), known)
		if err != nil {
			return
		}
		sb.ctx = ctx
		sb.Where = "the example template at " + shortRange(b.DefRange)
		out = append(out, sb)
	}
	for _, b := range content.Blocks {
		switch b.Type {
		case "source":
			add(harness.KindBuilder, b)
		case "data":
			add(harness.KindDatasource, b)
		case "build":
			bc, _, diags := b.Body.PartialContent(buildSchema)
			if diags.HasErrors() {
				continue
			}
			for _, inner := range bc.Blocks {
				switch inner.Type {
				case "provisioner":
					add(harness.KindProvisioner, inner)
				case "post-processor":
					add(harness.KindPostProcessor, inner)
				case "post-processors":
					chain, _, diags := inner.Body.PartialContent(chainSchema)
					if diags.HasErrors() {
						continue
					}
					for _, pp := range chain.Blocks {
						add(harness.KindPostProcessor, pp)
					}
				}
			}
		}
	}
	return out
}

// templateContext evaluates var.* from the variables' defaults and local.*
// from literal locals; what does not evaluate is left out, so a block
// reading it does not decode and is not used.
func templateContext(blocks hcl.Blocks) *hcl.EvalContext {
	vars := map[string]cty.Value{}
	for _, b := range blocks {
		if b.Type != "variable" {
			continue
		}
		attrs, _ := b.Body.JustAttributes()
		if def, ok := attrs["default"]; ok {
			if v, diags := def.Expr.Value(nil); !diags.HasErrors() {
				vars[b.Labels[0]] = v
			}
		}
	}
	ctx := &hcl.EvalContext{Variables: map[string]cty.Value{"var": cty.ObjectVal(vars)}}
	locals := map[string]cty.Value{}
	for _, b := range blocks {
		if b.Type != "locals" {
			continue
		}
		attrs, _ := b.Body.JustAttributes()
		for name, a := range attrs {
			if v, diags := a.Expr.Value(ctx); !diags.HasErrors() {
				locals[name] = v
			}
		}
	}
	ctx.Variables["local"] = cty.ObjectVal(locals)
	return ctx
}

// ExamplesFor returns the example blocks that configure c of plugin: a
// template calls it by its address (naming.ComponentAddress).
func ExamplesFor(blocks []*Block, plugin string, c harness.Component) []*Block {
	want := naming.ComponentAddress(plugin, c.Name)
	var out []*Block
	for _, b := range blocks {
		if b.kind == c.Kind && b.label == want {
			out = append(out, b)
		}
	}
	return out
}
