package naming

import (
	"os"
	"path/filepath"
	"testing"
)

func TestBinaryName(t *testing.T) {
	for dir, want := range map[string]string{
		"/src/packer-plugin-acme":        "packer-plugin-acme",
		"packer-post-processor-compress": "packer-plugin-compress",
		"./packer-builder-tarball/":      "packer-plugin-tarball",
		"/work/misbehave":                "packer-plugin-misbehave",
		"packer-plugin-":                 "packer-plugin-packer-plugin-",
	} {
		if got := BinaryName(dir); got != want {
			t.Errorf("BinaryName(%q) = %q, want %q", dir, got, want)
		}
	}
	// A project's module path names the plugin, whatever its folder is
	// called (the README's example lives in ./example).
	dir := filepath.Join(t.TempDir(), "example")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module github.com/acme/packer-plugin-sha-manifest\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := BinaryName(dir); got != "packer-plugin-sha-manifest" {
		t.Errorf("BinaryName of a project whose module is packer-plugin-sha-manifest = %q", got)
	}
}
