package conformance

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDescribeCheck(t *testing.T) {
	cases := []struct {
		variant, binName string
		status           Status
		want             string
	}{
		{"valid", "packer-plugin-misbehave", StatusPass, "version 1.0.0, 1 component"},
		{"bad-version", "packer-plugin-misbehave", StatusFail, `version "one" is not a semantic version`},
		{"bad-api", "packer-plugin-misbehave", StatusFail, `api_version is "x4.0"`},
		// Core falls back to gob for such a plugin: it works.
		{"bad-protocol", "packer-plugin-misbehave", StatusWarn, `protocol_version is "v1", not "v2": Packer talks gob to this plugin`},
		{"no-components", "packer-plugin-misbehave", StatusFail, "lists no component"},
		{"not-json", "packer-plugin-misbehave", StatusFail, "not the SDK's JSON description"},
		{"default-name", "packer-plugin-manifest", StatusWarn, `post-processor "manifest" is also the name of a post-processor built into Packer`},
		// The same default-named component under another plugin name is fine.
		{"default-name", "packer-plugin-tarball", StatusPass, "1 component"},
	}
	for _, c := range cases {
		t.Run(c.variant+"/"+c.binName, func(t *testing.T) {
			t.Parallel()
			bin := variantBin(t, c.variant, c.binName)
			r, err := RunSuite(testContext(t), Options{Binary: bin, Filter: Filter{Run: `^plugin\.describe$`}})
			if err != nil {
				t.Fatal(err)
			}
			res, ok := r.Result("", "", "plugin.describe")
			if !ok {
				t.Fatal("plugin.describe did not run")
			}
			if res.Status != c.status || !strings.Contains(res.Message, c.want) {
				t.Fatalf("got %s %q, want %s containing %q", res.Status, res.Message, c.status, c.want)
			}
			if len(r.Components) != 0 {
				t.Errorf("--run selected only plugin.describe, yet components ran: %+v", r.Components)
			}
		})
	}
}

func TestMisbehavePluginDescribes(t *testing.T) {
	r, err := RunSuite(testContext(t), Options{Binary: testBin, Filter: Filter{Run: `^plugin\.describe$`}})
	if err != nil {
		t.Fatal(err)
	}
	if res, _ := r.Result("", "", "plugin.describe"); res.Status != StatusPass {
		t.Fatalf("plugin.describe on the misbehave plugin: %s %s", res.Status, res.Message)
	}
}

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
