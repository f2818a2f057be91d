package conformance

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// The conformance meta block inside a component's sample block: what the
// suite itself needs to play core for this component, never passed to
// the plugin.
//
//	conformance {
//	  env = { NAME = "value" }          # added to the plugin's environment
//	  input_artifact {                  # post-processors: what they are fed
//	    builder_id = "packer.post-processor.artifice"
//	    id         = "image-1"
//	    files      = ["testdata/image.tar"]   # copied into each sandbox
//	    state      = { generated_data = { ID = "x" } }
//	  }
//	  acknowledge "config.side-effects" {  # a known, deliberate finding
//	    match  = "exec .*docker"           # regular expression on it
//	    reason = "Prepare checks the docker version"
//	  }
//	}

const metaBlock = "conformance"

var metaSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: metaBlock}}}

var metaBodySchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "env"}, {Name: "remote_files"}},
	Blocks: []hcl.BlockHeaderSchema{
		{Type: "input_artifact"},
		{Type: "acknowledge", LabelNames: []string{"check"}},
	},
}

var inputSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{
	{Name: "builder_id"}, {Name: "id"}, {Name: "files"}, {Name: "state"},
}}

var ackSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{
	{Name: "match"}, {Name: "reason", Required: true},
}}

// artificeBuilderID is the BuilderId of artifice's artifacts
// (post-processor/artifice/artifact.go), how users feed plain files to a
// post-processor and so the default input's.
const artificeBuilderID = "packer.post-processor.artifice"

// inputSpec describes the input artifact a post-processor gets.
type inputSpec struct {
	builderID, id string
	// files maps a name in the artifact's folder to its content; nil for
	// the default files.
	files map[string][]byte
	state map[string]any
}

// defaultInput is what artifice gives for two files: its builder id, no
// id, no state.
func defaultInput() *inputSpec {
	return &inputSpec{builderID: artificeBuilderID, files: inputFiles}
}

// acknowledgement is a finding the author knows of and keeps on purpose.
type acknowledgement struct {
	check  string
	match  *regexp.Regexp // nil matches every finding
	reason string
	where  string
}

func (a *acknowledgement) matches(finding string) bool {
	return a.match == nil || a.match.MatchString(finding)
}

func (sb *sampleBlock) decodeMeta(b *hcl.Block, base string) error {
	content, diags := b.Body.Content(metaBodySchema)
	if diags.HasErrors() {
		return fmt.Errorf("%s: %s (a conformance block takes env, remote_files, input_artifact and acknowledge)", b.DefRange, diags.Error())
	}
	if attr, ok := content.Attributes["env"]; ok {
		m, err := stringMap(attr)
		if err != nil {
			return err
		}
		for k, v := range m {
			sb.env = append(sb.env, k+"="+v)
		}
		sort.Strings(sb.env)
	}
	if attr, ok := content.Attributes["remote_files"]; ok {
		m, err := stringMap(attr)
		if err != nil {
			return err
		}
		sb.remoteFiles = m
	}
	for _, blk := range content.Blocks {
		switch blk.Type {
		case "input_artifact":
			in, err := decodeInput(blk, base)
			if err != nil {
				return err
			}
			sb.input = in
		case "acknowledge":
			a, err := decodeAck(blk)
			if err != nil {
				return err
			}
			sb.acks = append(sb.acks, a)
		}
	}
	return nil
}

func decodeInput(b *hcl.Block, base string) (*inputSpec, error) {
	content, diags := b.Body.Content(inputSchema)
	if diags.HasErrors() {
		return nil, fmt.Errorf("%s: %s", b.DefRange, diags.Error())
	}
	in := defaultInput()
	for name, attr := range content.Attributes {
		v, diags := attr.Expr.Value(nil)
		if diags.HasErrors() {
			return nil, fmt.Errorf("%s: %s (literal values only)", attr.Range, diags.Error())
		}
		switch name {
		case "builder_id", "id":
			s, ok := ctyString(v)
			if !ok {
				return nil, fmt.Errorf("%s: %s must be a string", attr.Range, name)
			}
			if name == "id" {
				in.id = s
			} else {
				in.builderID = s
			}
		case "files":
			if !v.CanIterateElements() {
				return nil, fmt.Errorf("%s: files must be a list of paths", attr.Range)
			}
			in.files = map[string][]byte{}
			for it := v.ElementIterator(); it.Next(); {
				_, f := it.Element()
				p, ok := ctyString(f)
				if !ok {
					return nil, fmt.Errorf("%s: files must be a list of paths", attr.Range)
				}
				if !filepath.IsAbs(p) {
					p = filepath.Join(base, p)
				}
				data, err := os.ReadFile(p)
				if err != nil {
					return nil, fmt.Errorf("%s: input artifact file: %v", attr.Range, err)
				}
				in.files[filepath.Base(p)] = data
			}
		case "state":
			state, err := goValue(v)
			if err != nil {
				return nil, fmt.Errorf("%s: state: %v", attr.Range, err)
			}
			m, ok := state.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("%s: state must be an object, such as { generated_data = { ID = \"x\" } }", attr.Range)
			}
			in.state = m
		}
	}
	return in, nil
}

func decodeAck(b *hcl.Block) (*acknowledgement, error) {
	content, diags := b.Body.Content(ackSchema)
	if diags.HasErrors() {
		return nil, fmt.Errorf("%s: %s (an acknowledgement needs a reason)", b.DefRange, diags.Error())
	}
	a := &acknowledgement{check: b.Labels[0], where: shortRange(b.DefRange)}
	if lookup(a.check) == nil {
		return nil, fmt.Errorf("%s: acknowledge %q: no such check; `packer-plugin-dev test --list` lists the ids", b.DefRange, a.check)
	}
	for name, attr := range content.Attributes {
		v, diags := attr.Expr.Value(nil)
		s, ok := ctyString(v)
		if diags.HasErrors() || !ok {
			return nil, fmt.Errorf("%s: %s must be a string", attr.Range, name)
		}
		switch name {
		case "reason":
			a.reason = s
		case "match":
			re, err := regexp.Compile(s)
			if err != nil {
				return nil, fmt.Errorf("%s: match is not a regular expression: %v", attr.Range, err)
			}
			a.match = re
		}
	}
	return a, nil
}

// goValue turns a literal cty value into plain Go values (maps, slices,
// strings, float64, bools), which the plugin RPC carries.
func goValue(v cty.Value) (any, error) {
	b, err := ctyjson.SimpleJSONValue{Value: v}.MarshalJSON()
	if err != nil {
		return nil, err
	}
	var out any
	err = json.Unmarshal(b, &out)
	return out, err
}

// stringMap decodes a meta attribute that maps names to literal strings.
func stringMap(attr *hcl.Attribute) (map[string]string, error) {
	v, diags := attr.Expr.Value(nil)
	if diags.HasErrors() || !v.CanIterateElements() {
		return nil, fmt.Errorf("%s: %s must be a map of strings: %s", attr.Range, attr.Name, diags.Error())
	}
	out := map[string]string{}
	for it := v.ElementIterator(); it.Next(); {
		k, val := it.Element()
		s, ok := ctyString(val)
		if !ok {
			return nil, fmt.Errorf("%s: %s[%q] must be a string", attr.Range, attr.Name, k.AsString())
		}
		out[k.AsString()] = s
	}
	return out, nil
}
