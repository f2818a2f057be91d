package e2e

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/packer-plugin-dev/packer-plugin-dev/schema"
)

var update = flag.Bool("update", false, "rewrite the golden schema files")

// hasSchemaGolden reads the schema of a generated project's built plugin,
// with its docs, as `packer-plugin-dev schema` prints it, and compares it
// with testdata/schema/<kind>.<format>.
func hasSchemaGolden(t *testing.T, g *generated, kind string) {
	t.Helper()
	p, err := schema.Read(context.Background(), g.bin, schema.Options{ProjectDir: g.dir})
	if err != nil {
		t.Fatal(err)
	}
	for _, format := range schema.Formats {
		var got bytes.Buffer
		if err := schema.Write(&got, p, format); err != nil {
			t.Fatal(err)
		}
		golden := filepath.Join("testdata", "schema", kind+"."+format)
		if *update {
			if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want) {
			t.Errorf("the %s schema differs from %s (go test ./e2e -run TestGenerated -update rewrites it):\n%s", format, golden, got.String())
		}
	}
}
