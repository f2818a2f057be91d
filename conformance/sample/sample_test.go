package sample

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
)

// Blocks naming no component of the plugin are listed in file order,
// whatever order the map holding them iterates in.
func TestSampleUnusedInFileOrder(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	src := `builder "zeta" {}
post-processor "known" {}
provisioner "alpha" {}
datasource "mid" {}
post-processor "beta" {}
`
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Load(path, "", func(string) bool { return true })
	if err != nil {
		t.Fatal(err)
	}
	d := &harness.Description{PostProcessors: []string{"known"}}
	want := []string{
		path + `:1,1-15: builder "zeta" is not a component of this plugin (describe lists post-processor "known")`,
		path + `:3,1-20: provisioner "alpha" is not a component of this plugin (describe lists post-processor "known")`,
		path + `:4,1-17: datasource "mid" is not a component of this plugin (describe lists post-processor "known")`,
		path + `:5,1-22: post-processor "beta" is not a component of this plugin (describe lists post-processor "known")`,
	}
	for i := 0; i < 20; i++ {
		if got := s.Unused(d); !reflect.DeepEqual(got, want) {
			t.Fatalf("unused:\n%q\nwant\n%q", got, want)
		}
	}
}
