package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/packer-plugin-dev/packer-plugin-dev/conformance"
)

// --packer must name Packer: a program whose `version` does not say
// "Packer v..." is refused before anything runs, naming the flag.
func TestResolvePackerRefusesWhatIsNotPacker(t *testing.T) {
	dir := t.TempDir()
	script := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("#!/bin/sh\n"+body), 0o755); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, c := range []struct{ bin, want string }{
		{"/bin/true", "--packer /bin/true: `/bin/true version` printed nothing, where Packer prints \"Packer v...\": not a Packer binary"},
		{script("terraform", "echo 'Terraform v1.9.0'\n"), "printed \"Terraform v1.9.0\", where Packer prints \"Packer v...\": not a Packer binary"},
		{script("broken", "exit 3\n"), "failed (exit status 3) and printed nothing"},
	} {
		if _, _, err := resolvePacker(c.bin); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("--packer %s: %v, want an error containing %q", c.bin, err, c.want)
		}
	}
	bin, version, err := resolvePacker(script("packer", "echo 'Packer v1.16.0'\necho\necho 'Your version of Packer is out of date!'\n"))
	if err != nil || version != "Packer v1.16.0" || !strings.HasSuffix(bin, "/packer") {
		t.Errorf("a Packer: %q %q %v", bin, version, err)
	}
}

// What repro.sh's exit says is what the report says: 1 confirmed, 0 not
// reproduced (Packer ran clean), anything else could not tell.
func TestRunReprosReadsTheExit(t *testing.T) {
	r := &conformance.Report{Components: []conformance.ComponentReport{{Kind: "post-processor", Name: "x"}}}
	for _, code := range []string{"0", "1", "2", "127"} {
		dir := filepath.Join(t.TempDir(), "repro-"+code)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "repro.sh"), []byte("echo 'repro: exit "+code+"'\nexit "+code+"\n"), 0o755); err != nil {
			t.Fatal(err)
		}
		r.Components[0].Checks = append(r.Components[0].Checks, conformance.CheckResult{ID: "config.spec", Status: conformance.StatusFail, Repro: &conformance.Repro{Dir: dir}})
	}
	runRepros(context.Background(), r, "/packer", "Packer v1.16.0", func(string) {})
	want := []string{"(NOT reproduced in Packer v1.16.0): repro: exit 0", "(confirmed in Packer v1.16.0)", "(could not tell in Packer v1.16.0): repro: exit 2", "(could not tell in Packer v1.16.0): repro: exit 127"}
	for i, res := range r.Components[0].Checks {
		var text strings.Builder
		if err := conformance.WriteReport(&text, &conformance.Report{Components: []conformance.ComponentReport{{Kind: "post-processor", Name: "x", Checks: []conformance.CheckResult{res}}}}, "text", false); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(strings.Join(strings.Fields(text.String()), " "), want[i]) {
			t.Errorf("repro.sh exiting %s reads:\n%s\nwant %q", []string{"0", "1", "2", "127"}[i], text.String(), want[i])
		}
	}
}
