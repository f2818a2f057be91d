package scaffold

import (
	"strings"
	"testing"
)

func TestParseKind(t *testing.T) {
	for _, k := range Kinds {
		if got, err := ParseKind(string(k)); err != nil || got != k {
			t.Errorf("ParseKind(%q) = %q, %v", k, got, err)
		}
	}
	if _, err := ParseKind("postprocessor"); err == nil || !strings.Contains(err.Error(), "post-processor") {
		t.Errorf("ParseKind(postprocessor) = %v, want an error listing the kinds", err)
	}
}

func TestBuiltinCollision(t *testing.T) {
	for _, tc := range []struct {
		kind    Kind
		name    string
		collide bool
	}{
		{PostProcessor, "compress", true},
		{PostProcessor, "checksum", true},
		{PostProcessor, "manifest", true},
		{PostProcessor, "shell-local", true},
		{PostProcessor, "artifice", true},
		{Builder, "file", true},
		{Builder, "null", true},
		{Provisioner, "shell", true},
		{Provisioner, "file", true},
		{Provisioner, "powershell", true},
		{Provisioner, "windows-restart", true},
		{Datasource, "http", true},
		{Datasource, "null", true},
		// Names are per kind: a builder may be called "shell".
		{Builder, "shell", false},
		{Datasource, "file", false},
		{PostProcessor, "checksums", false},
	} {
		warning, collides := BuiltinCollision(tc.kind, tc.name)
		if collides != tc.collide {
			t.Errorf("BuiltinCollision(%s, %q) = %v, want %v", tc.kind, tc.name, collides, tc.collide)
			continue
		}
		if !collides {
			if warning != "" {
				t.Errorf("BuiltinCollision(%s, %q) warns %q without a collision", tc.kind, tc.name, warning)
			}
			continue
		}
		for _, want := range []string{"built into Packer", "shadows", tc.kind.HCLBlock() + ` "` + tc.name + `"`, "Choose another name", "plugin.DEFAULT_NAME"} {
			if !strings.Contains(warning, want) {
				t.Errorf("warning for %s %q lacks %q: %s", tc.kind, tc.name, want, warning)
			}
		}
	}
	if w, _ := BuiltinCollision(Builder, "null"); !strings.Contains(w, "`source \"null\"`") {
		t.Errorf("a builder is written as a source block in HCL2: %s", w)
	}
}

func TestDefaultModule(t *testing.T) {
	if got := DefaultModule("acme", "disk"); got != "github.com/acme/packer-plugin-disk" {
		t.Errorf("DefaultModule = %q", got)
	}
}

func TestValidateOwner(t *testing.T) {
	for _, ok := range []string{"acme", "Acme-Corp", "a1"} {
		if err := ValidateOwner(ok); err != nil {
			t.Errorf("ValidateOwner(%q) = %v", ok, err)
		}
	}
	for _, bad := range []string{"", "-acme", "acme-", "a--b", "a_b", "a.b", "a b"} {
		if err := ValidateOwner(bad); err == nil {
			t.Errorf("ValidateOwner(%q) accepted it", bad)
		}
	}
}
