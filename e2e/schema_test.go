package e2e

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/packer-plugin-dev/packer-plugin-dev/internal/golden"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/schema"
)

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
		golden.Check(t, filepath.Join("testdata", "schema", kind+"."+format), got.Bytes())
	}
}
