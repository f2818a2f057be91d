package release

import (
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/naming"

	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeTree writes files (slash paths) under a new temp dir.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for p, data := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const versionVars = `package %s

var (
	Version           = "0.3.0"
	VersionPrerelease = "dev"
	VersionMetadata   = ""
)
`

func vpkg(name string) string { return strings.Replace(versionVars, "%s", name, 1) }

func TestFindVersionPackage(t *testing.T) {
	const mod = "github.com/acme/packer-plugin-greet"
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  string // import path, or error substring when wantErr
		err   bool
	}{
		{"not at /version", map[string]string{"internal/meta/meta.go": vpkg("meta"), "main.go": "package main\n"}, mod + "/internal/meta", false},
		{"version wins", map[string]string{"version/v.go": vpkg("version"), "other/v.go": vpkg("other")}, mod + "/version", false},
		{"ambiguous", map[string]string{"a/v.go": vpkg("a"), "b/v.go": vpkg("b")}, "pass --version-package", true},
		{"const", map[string]string{"version/v.go": "package version\n\nconst Version = \"1.0.0\"\nconst VersionPrerelease = \"\"\n"}, "make them var", true},
		{"typed but not string", map[string]string{"version/v.go": "package version\n\nvar Version = 1\nvar VersionPrerelease string\n"}, "not a string variable", true},
		{"none", map[string]string{"main.go": "package main\n"}, "no package in module " + mod, true},
		{"skips testdata, nested modules and tests", map[string]string{
			"testdata/v/v.go":   vpkg("v"),
			"tools/go.mod":      "module tools\n",
			"tools/v/v.go":      vpkg("v"),
			"meta/v_test.go":    vpkg("meta"),
			"internal/ver/v.go": "package ver\n\nvar Version string\nvar VersionPrerelease string\n",
		}, mod + "/internal/ver", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{"go.mod": "module " + mod + "\n"}
			for k, v := range tc.files {
				files[k] = v
			}
			dir := writeTree(t, files)
			vp, err := FindVersionPackage(dir, mod)
			if tc.err {
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Fatalf("FindVersionPackage = %+v, %v; want an error containing %q", vp, err, tc.want)
				}
				return
			}
			if err != nil || vp.ImportPath != tc.want {
				t.Fatalf("FindVersionPackage = %+v, %v; want %s", vp, err, tc.want)
			}
			if vp.LinkerPath() != tc.want {
				t.Fatalf("LinkerPath = %s", vp.LinkerPath())
			}
		})
	}
}

func TestVersionPackageValuesAndMain(t *testing.T) {
	const mod = "example.com/x/packer-plugin-greet"
	dir := writeTree(t, map[string]string{"go.mod": "module " + mod + "\n", "main.go": vpkg("main")})
	vp, err := FindVersionPackage(dir, mod)
	if err != nil {
		t.Fatal(err)
	}
	if vp.ImportPath != mod || vp.LinkerPath() != "main" || vp.Version != "0.3.0" || vp.Prerelease != "dev" || !vp.HasMetadata {
		t.Fatalf("got %+v (linker path %s)", vp, vp.LinkerPath())
	}
	want := "-s -w -X main.Version=1.0.0 -X main.VersionPrerelease= -X main.VersionMetadata="
	if got := LDFlags(vp, "1.0.0", ""); got != want {
		t.Fatalf("LDFlags = %q, want %q", got, want)
	}
	if _, err := LoadVersionPackage(dir, mod, "example.com/other/version"); err == nil {
		t.Fatal("LoadVersionPackage accepted a package outside the module")
	}
}

func TestReadModulePath(t *testing.T) {
	for data, want := range map[string]string{
		"module github.com/acme/packer-plugin-greet\n\ngo 1.25\n": "github.com/acme/packer-plugin-greet",
		"// comment\nmodule \"example.com/q\" // trailing\n":      "example.com/q",
		"go 1.25\nmodule\tgithub.com/acme/packer-plugin-x/v2\n":   "github.com/acme/packer-plugin-x/v2",
	} {
		dir := writeTree(t, map[string]string{"go.mod": data})
		got, err := naming.ModulePath(dir)
		if err != nil || got != want {
			t.Errorf("ReadModulePath(%q) = %q, %v; want %q", data, got, err, want)
		}
	}
	if _, err := naming.ModulePath(t.TempDir()); err == nil || !strings.Contains(err.Error(), "no go.mod") {
		t.Fatalf("ReadModulePath without go.mod: %v", err)
	}
}

func TestPluginNameAndSource(t *testing.T) {
	for _, tc := range []struct{ module, dir, want string }{
		{"github.com/acme/packer-plugin-greet", "/src/whatever", "greet"},
		{"github.com/acme/packer-plugin-greet/v2", "/src/x", "greet"},
		{"example.com/internal/tool", "/src/packer-plugin-local", "local"},
	} {
		got, err := naming.PluginName(tc.module, tc.dir)
		if err != nil || got != tc.want {
			t.Errorf("PluginName(%q, %q) = %q, %v; want %q", tc.module, tc.dir, got, err, tc.want)
		}
	}
	if _, err := naming.PluginName("example.com/tool", "/src/tool"); err == nil || !strings.Contains(err.Error(), "--name") {
		t.Fatalf("PluginName without packer-plugin-: %v", err)
	}
	if s, err := DefaultSource("github.com/acme/packer-plugin-greet", "greet"); err != nil || s != "github.com/acme/greet" {
		t.Fatalf("DefaultSource = %q, %v", s, err)
	}
	if _, err := DefaultSource("example.com/acme/packer-plugin-greet", "greet"); err == nil || !strings.Contains(err.Error(), "--source") {
		t.Fatalf("DefaultSource off GitHub: %v", err)
	}
	if _, _, _, err := ParseSource("github.com/acme/packer-plugin-greet"); err == nil {
		t.Fatal("ParseSource accepted a packer-plugin- name")
	}
}

func TestSnapshotVersion(t *testing.T) {
	for in, want := range map[string]string{"v1.2.3-0-gabc1234": "1.2.4", "v1.2.3-4-gabc1234": "1.2.4"} {
		if got, ok := versionFromDescribe(in); !ok || got != want {
			t.Errorf("versionFromDescribe(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	if _, ok := versionFromDescribe("v1.2-4-gabc1234"); ok {
		t.Error("versionFromDescribe accepted a two-part tag")
	}
	// Without git history the source's version is used.
	got, err := SnapshotVersion(t.Context(), t.TempDir(), "0.3.0")
	if err != nil || got != "0.3.0" {
		t.Fatalf("SnapshotVersion without git = %q, %v", got, err)
	}
	if got, _ := SnapshotVersion(t.Context(), t.TempDir(), ""); got != "0.0.0" {
		t.Fatalf("SnapshotVersion without git or source version = %q", got)
	}
}

func TestPluginDir(t *testing.T) {
	home := t.TempDir()
	env := func(kv map[string]string) func(string) string {
		return func(k string) string {
			if k == "HOME" {
				return home
			}
			return kv[k]
		}
	}
	for _, tc := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"PACKER_PLUGIN_PATH": "/p"}, "/p"},
		{map[string]string{"PACKER_CONFIG_DIR": "/c"}, "/c/.packer.d/plugins"},
		{map[string]string{"XDG_CONFIG_HOME": "/x"}, "/x/packer/plugins"},
		{nil, filepath.Join(home, ".config/packer/plugins")},
	} {
		got, err := PluginDir(env(tc.env))
		if err != nil || got != tc.want {
			t.Errorf("PluginDir(%v) = %q, %v; want %q", tc.env, got, err, tc.want)
		}
	}
	os.Mkdir(filepath.Join(home, ".packer.d"), 0o755)
	if got, _ := PluginDir(env(map[string]string{"XDG_CONFIG_HOME": "/x"})); got != filepath.Join(home, ".packer.d/plugins") {
		t.Errorf("with ~/.packer.d present PluginDir = %q", got)
	}
	if _, err := PluginDir(env(map[string]string{"PACKER_PLUGIN_PATH": "/a:/b"})); err == nil {
		t.Error("PluginDir accepted several paths")
	}
}
