package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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
