package repro

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/packer-plugin-dev/packer-plugin-dev/conformance/report"
)

// What repro.sh's exit says is what the report says: 1 confirmed, 0 not
// reproduced (Packer ran clean), anything else could not tell. The folders
// written are left as they were.
func TestRunReadsTheExit(t *testing.T) {
	codes := []string{"0", "1", "2", "127"}
	var folders []Folder
	for _, code := range codes {
		dir := filepath.Join(t.TempDir(), "repro-"+code)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "repro.sh"), []byte("echo 'repro: exit "+code+"'\nexit "+code+"\n"), 0o755); err != nil {
			t.Fatal(err)
		}
		folders = append(folders, Folder{Key: report.Key{Kind: "post-processor", Name: "x", ID: "config.spec"}, Repro: report.Repro{Dir: dir}})
	}
	ran := Run(context.Background(), folders, "/packer", "Packer v1.16.0", func(string) {})
	want := []string{"(NOT reproduced in Packer v1.16.0): repro: exit 0", "(confirmed in Packer v1.16.0)", "(could not tell in Packer v1.16.0): repro: exit 2", "(could not tell in Packer v1.16.0): repro: exit 127"}
	for i, f := range ran {
		r := &report.Report{Components: []report.ComponentReport{{Kind: "post-processor", Name: "x", Checks: []report.CheckResult{{ID: "config.spec", Status: report.Fail}}}}}
		var text strings.Builder
		if err := report.Write(&text, r.WithRepros(Repros([]Folder{f})), "text", false); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(strings.Join(strings.Fields(text.String()), " "), want[i]) {
			t.Errorf("repro.sh exiting %s reads:\n%s\nwant %q", codes[i], text.String(), want[i])
		}
		if folders[i].Packer != "" || folders[i].Confirmed != nil {
			t.Errorf("Run changed the folder it was given: %+v", folders[i])
		}
	}
}
