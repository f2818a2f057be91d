package scaffold

import (
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/packer-plugin-dev/packer-plugin-dev/internal/golden"
)

// goldenOptions are the options every golden project is rendered with.
func goldenOptions(k Kind) Options {
	return Options{Kind: k, Name: "sample", Owner: "acme"}
}

// grownOptions make the golden project that has one component of every
// kind: a post-processor from new, the others added.
func grownOptions() Options {
	o := goldenOptions(PostProcessor)
	o.Add = []Component{{Kind: Builder, Name: "tarball"}, {Kind: Provisioner, Name: "remote-run"}, {Kind: Datasource, Name: "file-facts"}}
	return o
}

func TestRenderGolden(t *testing.T) {
	cases := map[string]Options{"grown": grownOptions()}
	for _, k := range Kinds {
		cases[string(k)] = goldenOptions(k)
	}
	for name, opts := range cases {
		t.Run(name, func(t *testing.T) {
			p, err := Render(opts)
			if err != nil {
				t.Fatal(err)
			}
			files := make(map[string][]byte, len(p.Files))
			for _, f := range p.Files {
				files[f.Path] = f.Data
			}
			golden.CheckDir(t, filepath.Join("testdata", "golden", name), files)
		})
	}
}

func TestRenderProjectShape(t *testing.T) {
	for _, k := range Kinds {
		p, err := Render(Options{Kind: k, Name: "my-thing", Module: "example.com/x/packer-plugin-my-thing"})
		if err != nil {
			t.Fatalf("%s: %v", k, err)
		}
		pkg := string(k) + "/my-thing"
		for _, path := range []string{
			"go.mod", "go.sum", "main.go", "version/version.go", "GNUmakefile", "README.md",
			".goreleaser.yml", ".gitignore", ".github/workflows/test.yml", ".github/workflows/release.yml",
			"docs/README.md", "docs/" + k.DocsFolder() + "/my-thing.mdx", "example/my-thing.pkr.hcl",
			"conformance.pkr.hcl", pkg + "/config.go", pkg + "/config.hcl2spec.go", pkg + "/config_test.go",
		} {
			if p.File(path) == nil {
				t.Errorf("%s: no %s", k, path)
			}
		}
		gomod := string(p.File("go.mod").Data)
		for _, want := range []string{
			"module example.com/x/packer-plugin-my-thing\n",
			"github.com/hashicorp/packer-plugin-sdk v0.6.10",
			"replace github.com/zclconf/go-cty => github.com/nywilken/go-cty v1.13.3",
			"tool github.com/hashicorp/packer-plugin-sdk/cmd/packer-sdc",
		} {
			if !strings.Contains(gomod, want) {
				t.Errorf("%s: go.mod lacks %q", k, want)
			}
		}
		main := string(p.File("main.go").Data)
		alias := k.GoPackage() + "MyThing"
		if !strings.Contains(main, "(plugin.DEFAULT_NAME, new("+alias+".") ||
			!strings.Contains(main, alias+` "example.com/x/packer-plugin-my-thing/`+pkg+`"`) {
			t.Errorf("%s: main.go does not register the component under DEFAULT_NAME:\n%s", k, main)
		}
		if !strings.Contains(string(p.File(".goreleaser.yml").Data), "-X example.com/x/packer-plugin-my-thing/version.Version=") {
			t.Errorf("%s: .goreleaser.yml does not set the version package of the module", k)
		}
		if p.Options.Owner != "example" {
			t.Errorf("%s: owner of a non-GitHub module = %q, want the fallback %q", k, p.Options.Owner, "example")
		}
	}
}

func TestRenderDerivesModuleAndOwner(t *testing.T) {
	p, err := Render(Options{Kind: Builder, Name: "disk", Owner: "acme"})
	if err != nil {
		t.Fatal(err)
	}
	if p.Options.Module != "github.com/acme/packer-plugin-disk" {
		t.Errorf("module = %q", p.Options.Module)
	}
	p, err = Render(Options{Kind: Builder, Name: "disk", Module: "github.com/other/packer-plugin-disk"})
	if err != nil {
		t.Fatal(err)
	}
	if p.Options.Owner != "other" || !strings.Contains(string(p.File("GNUmakefile").Data), "PLUGIN_SOURCE := github.com/other/disk") {
		t.Errorf("owner = %q, want it derived from the module", p.Options.Owner)
	}
}

func TestRenderRejectsBadOptions(t *testing.T) {
	for _, tc := range []struct {
		opts Options
		want string
	}{
		{Options{Kind: "bulider", Name: "x", Owner: "a"}, `unknown component kind "bulider": use one of builder, provisioner, post-processor, datasource`},
		{Options{Kind: Builder, Name: "packer-x", Owner: "a"}, `plugin name "packer-x"`},
		{Options{Kind: Builder, Name: "x"}, "give a module path"},
		{Options{Kind: Builder, Name: "x", Module: "not a path"}, `invalid Go module path "not a path"`},
		{Options{Kind: Builder, Name: "x", Owner: "my org"}, `owner "my org" is not a GitHub user or organisation name`},
		{Options{Kind: Builder, Name: "x", Module: "github.com/a_b/packer-plugin-x"}, `cannot use "a_b" of module github.com/a_b/packer-plugin-x as the GitHub owner`},
	} {
		_, err := Render(tc.opts)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Render(%+v) = %v, want an error containing %q", tc.opts, err, tc.want)
		}
	}
}

// A template that uses a field the data does not have must fail, not
// render "<no value>".
func TestRenderMissingKeyIsAnError(t *testing.T) {
	fsys := minimalTemplates()
	fsys["skeleton/a.txt.tmpl"] = &fstest.MapFile{Data: []byte("{{.Nope}}")}
	if _, err := render(Options{Kind: Builder, Name: "x", Owner: "a"}, fsys); err == nil || !strings.Contains(err.Error(), "Nope") {
		t.Fatalf("render with an unknown field: err = %v", err)
	}
}

// minimalTemplates is the least a project renders from: a go.mod and a
// main.go with markers, one kind's dependencies, its docs page and the
// default license.
func minimalTemplates() fstest.MapFS {
	return fstest.MapFS{
		"licenses/MPL-2.0":                      {Data: []byte("license\n")},
		"builder/docs/builders/__address__.mdx": {Data: []byte("# X\n")},
		"deps/builder/require":                  {Data: []byte("require x.org/y v1.0.0\n")},
		"deps/builder/go.sum":                   {Data: nil},
		"skeleton/go.mod.tmpl":                  {Data: []byte("module {{.Module}}\n\ngo 1.25.0\n")},
		"skeleton/main.go.tmpl":                 {Data: []byte("package main\n\nimport (\n\t// packer-plugin-dev:import\n)\n\nfunc main() {\n\tpps := plugin.NewSet()\n\t// packer-plugin-dev:register\n}\n")},
		"builder/component/a.go.tmpl":           {Data: []byte("package {{.Package}}\n")},
	}
}

func TestRenderReportsInvalidGo(t *testing.T) {
	fsys := minimalTemplates()
	fsys["builder/component/broken.go.tmpl"] = &fstest.MapFile{Data: []byte("package x\nfunc {")}
	opts := Options{Kind: Builder, Name: "x", Owner: "a"}
	if _, err := render(opts, fsys); err == nil || !strings.Contains(err.Error(), "builder/component/broken.go.tmpl renders invalid Go") {
		t.Fatalf("render of invalid Go: err = %v", err)
	}
	fsys["builder/component/broken.go.tmpl"] = &fstest.MapFile{Data: []byte("package x\n\nfunc   F() {}\n")}
	fsys["skeleton/__name__.md"] = &fstest.MapFile{Data: []byte("{{.Name}} stays literal")}
	fsys["builder/docs/__name__.md"] = &fstest.MapFile{Data: []byte("{{.Name}} stays literal")}
	p, err := render(opts, fsys)
	if err != nil {
		t.Fatal(err)
	}
	if f := p.File("builder/x/broken.go"); f == nil || string(f.Data) != "package x\n\nfunc F() {}\n" {
		t.Fatalf("Go output is not gofmt'd, or not in the component's folder: %+v", p.Files)
	}
	if f := p.File("docs/x.md"); f == nil || string(f.Data) != "{{.Name}} stays literal" {
		t.Fatalf("a file without .tmpl must be copied verbatim to a path with the name: %+v", p.Files)
	}
	if f := p.File("__name__.md"); f == nil {
		t.Fatalf("a skeleton path keeps __name__ (the skeleton has no component): %+v", p.Files)
	}
}
