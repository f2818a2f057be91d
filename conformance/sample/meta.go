package sample

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"

	"github.com/hashicorp/hcl/v2"
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

// Input describes the input artifact a post-processor gets.
type Input struct {
	BuilderID, ID string
	// Files maps a name in the artifact's folder to its content.
	Files map[string][]byte
	State map[string]any
}

// inputFiles are the files of the default input artifact, as a builder
// would leave them.
var inputFiles = map[string][]byte{
	"image.raw":     bytes.Repeat([]byte("conformance image\n"), 64),
	"manifest.json": []byte(`{"builds":[{"name":"conformance","builder_type":"null"}]}` + "\n"),
}

// DefaultInput is what artifice gives for two files: its builder id, no
// id, no state.
func DefaultInput() *Input {
	return &Input{BuilderID: artificeBuilderID, Files: inputFiles}
}

// Describe says what the input artifact is, for messages.
func (in *Input) Describe() string {
	files := "1 file"
	if len(in.Files) != 1 {
		files = fmt.Sprintf("%d files", len(in.Files))
	}
	return fmt.Sprintf("an input artifact of builder id %q with %s", in.BuilderID, files)
}

// Ack is a finding the author knows of and keeps on purpose.
type Ack struct {
	// Check is the id of the check whose finding it acknowledges.
	Check string
	match *regexp.Regexp // nil matches every finding
	// Reason is the author's, and Where the block's FILE:LINE.
	Reason, Where string
}

// Matches reports whether the acknowledgement covers finding.
func (a *Ack) Matches(finding string) bool {
	return a.match == nil || a.match.MatchString(finding)
}

func (sb *Block) decodeMeta(b *hcl.Block, base string, known func(id string) bool) error {
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
			sb.Env = append(sb.Env, k+"="+v)
		}
		sort.Strings(sb.Env)
	}
	if attr, ok := content.Attributes["remote_files"]; ok {
		m, err := stringMap(attr)
		if err != nil {
			return err
		}
		sb.RemoteFiles = m
	}
	for _, blk := range content.Blocks {
		switch blk.Type {
		case "input_artifact":
			in, err := decodeInput(blk, base)
			if err != nil {
				return err
			}
			sb.Input = in
		case "acknowledge":
			a, err := decodeAck(blk, known)
			if err != nil {
				return err
			}
			sb.Acks = append(sb.Acks, a)
		}
	}
	return nil
}

func decodeInput(b *hcl.Block, base string) (*Input, error) {
	content, diags := b.Body.Content(inputSchema)
	if diags.HasErrors() {
		return nil, fmt.Errorf("%s: %s", b.DefRange, diags.Error())
	}
	in := DefaultInput()
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
				in.ID = s
			} else {
				in.BuilderID = s
			}
		case "files":
			if !v.CanIterateElements() {
				return nil, fmt.Errorf("%s: files must be a list of paths", attr.Range)
			}
			in.Files = map[string][]byte{}
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
				in.Files[filepath.Base(p)] = data
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
			in.State = m
		}
	}
	return in, nil
}

func decodeAck(b *hcl.Block, known func(id string) bool) (*Ack, error) {
	content, diags := b.Body.Content(ackSchema)
	if diags.HasErrors() {
		return nil, fmt.Errorf("%s: %s (an acknowledgement needs a reason)", b.DefRange, diags.Error())
	}
	a := &Ack{Check: b.Labels[0], Where: shortRange(b.DefRange)}
	if known != nil && !known(a.Check) {
		return nil, fmt.Errorf("%s: acknowledge %q: no such check; `packer-plugin-dev test --list` lists the ids", b.DefRange, a.Check)
	}
	for name, attr := range content.Attributes {
		v, diags := attr.Expr.Value(nil)
		s, ok := ctyString(v)
		if diags.HasErrors() || !ok {
			return nil, fmt.Errorf("%s: %s must be a string", attr.Range, name)
		}
		switch name {
		case "reason":
			a.Reason = s
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
