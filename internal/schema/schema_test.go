package schema

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/hashicorp/hcl/v2/hcldec"
	"github.com/zclconf/go-cty/cty"

	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/golden"
)

// testBinPath is the misbehave test plugin, built once for this package;
// the fast lane (-short) builds none.
var testBinPath string

// testBin returns the misbehave plugin; under -short the test is skipped,
// since the fast lane starts no plugin process.
func testBin(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: reads the schema of the live misbehave plugin")
	}
	return testBinPath
}

func TestMain(m *testing.M) {
	flag.Parse()
	log.SetOutput(io.Discard) // the SDK's RPC client logs every call
	if testing.Short() {
		os.Exit(m.Run())
	}
	dir, err := os.MkdirTemp("", "schema-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	testBinPath = filepath.Join(dir, "packer-plugin-misbehave")
	cmd := exec.Command("go", "build", "-o", testBinPath, "../../testdata/plugins/misbehave")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	code := 1
	if err := cmd.Run(); err == nil {
		code = m.Run()
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

// The schema of two live components, with the datasource's text from the
// project's docs, in both formats.
func TestReadGolden(t *testing.T) {
	p, err := Read(context.Background(), testBin(t), Options{
		ProjectDir: "testdata/project",
		Only: []harness.Component{
			{Kind: harness.KindPostProcessor, Name: "conf-good"},
			{Kind: harness.KindDatasource, Name: "conf-good"},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	p.Version = "(version)" // the test plugin's varies with the SDK's
	for _, format := range Formats {
		var got bytes.Buffer
		if err := Write(&got, p, format); err != nil {
			t.Fatal(err)
		}
		golden.Check(t, filepath.Join("testdata", "schema."+format), got.Bytes())
	}
}

// A component that does not start keeps its error; the others are read.
func TestReadKeepsGoingPastAComponentThatFails(t *testing.T) {
	p, err := Read(context.Background(), testBin(t), Options{
		Only: []harness.Component{
			{Kind: harness.KindPostProcessor, Name: "exits-early"},
			{Kind: harness.KindPostProcessor, Name: "conf-good"},
		},
	})
	if err == nil || p == nil || len(p.Components) != 2 {
		t.Fatalf("Read = %+v, %v", p, err)
	}
	for _, c := range p.Components {
		if (c.Error != "") != (c.Registered == "exits-early") {
			t.Errorf("%s: error %q", c.Registered, c.Error)
		}
	}
}

// Nested blocks keep their nesting, required-ness and bounds.
func TestFromSpecNesting(t *testing.T) {
	spec := hcldec.ObjectSpec{
		"packer_build_name": &hcldec.AttrSpec{Name: "packer_build_name", Type: cty.String},
		"name":              &hcldec.AttrSpec{Name: "name", Type: cty.String, Required: true},
		"tags":              &hcldec.BlockAttrsSpec{TypeName: "tags", ElementType: cty.String},
		"disk": &hcldec.BlockListSpec{TypeName: "disk", MinItems: 1, MaxItems: 4, Nested: hcldec.ObjectSpec{
			"size": &hcldec.AttrSpec{Name: "size", Type: cty.Number},
		}},
		"timeout": &hcldec.DefaultSpec{Primary: &hcldec.AttrSpec{Name: "timeout", Type: cty.String, Required: true}, Default: &hcldec.LiteralSpec{Value: cty.StringVal("5m")}},
	}
	b := FromSpec(spec)
	names := b.Names()
	for _, n := range []string{"packer_build_name", "name", "tags", "disk", "size", "timeout"} {
		if !names[n] {
			t.Errorf("Names() lacks %s: %v", n, names)
		}
	}
	if a := b.Attributes["name"]; a == nil || !a.Required || string(a.Type) != `"string"` {
		t.Errorf("name: %+v", a)
	}
	if a := b.Attributes["timeout"]; a == nil || a.Required {
		t.Errorf("a defaulted attribute is optional: %+v", a)
	}
	if a := b.Attributes["tags"]; a == nil || string(a.Type) != `["map","string"]` {
		t.Errorf("tags: %+v", a)
	}
	d := b.BlockTypes["disk"]
	if d == nil || d.NestingMode != "list" || d.MinItems != 1 || d.MaxItems != 4 || d.Block.Attributes["size"] == nil {
		t.Errorf("disk: %+v", d)
	}
}
