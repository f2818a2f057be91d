package conformance

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/packer-plugin-dev/packer-plugin-dev/conformance/report"
	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
)

// docs.metadata judges a project folder against what describe lists: a
// function of files, tested on folders written here.
func TestDocsMetadata(t *testing.T) {
	const good = `integration {
  name        = "Acme"
  description = "Builds acme images."
  identifier  = "packer/acme/acme"
  flags       = ["hcp-ready"]
  docs {
    process_docs    = true
    readme_location = "./README.md"
    external_url    = "https://github.com/acme/packer-plugin-acme"
  }
  license {
    type = "MPL-2.0"
    url  = "https://github.com/acme/packer-plugin-acme/blob/main/LICENSE"
  }
  component {
    type = "builder"
    name = "Acme"
    slug = "acme"
  }
  component {
    type = "data-source"
    name = "Acme Image"
    slug = "acme-image"
  }
}
`
	readmes := []string{"README.md", "components/builder/acme/README.md", "components/data-source/acme-image/README.md"}
	cases := []struct {
		name    string
		edit    func(md string) string
		readmes []string
		status  report.Status
		want    string
	}{
		{"good", nil, readmes, report.Pass, ".web-docs/metadata.hcl registers 2 components"},
		// hashicorp/packer-plugin-git names its pages by registered name.
		{"slug is the registered name", func(md string) string { return strings.Replace(md, `slug = "acme-image"`, `slug = "image"`, 1) },
			[]string{"README.md", "components/builder/acme/README.md", "components/data-source/image/README.md"}, report.Pass, "registers 2 components"},
		{"unknown flag", func(md string) string { return strings.Replace(md, `["hcp-ready"]`, `["hcp-ready", "official"]`, 1) }, readmes, report.Fail, `flag "official" is not one the integrations framework knows`},
		{"archived", func(md string) string { return strings.Replace(md, `["hcp-ready"]`, `["hcp-ready", "archived"]`, 1) }, readmes, report.Warn, `flag "archived" marks the plugin unmaintained`},
		{"identifier of another plugin", func(md string) string { return strings.Replace(md, "packer/acme/acme", "packer/acme/scaffolding", 1) }, readmes, report.Warn, `names plugin "scaffolding", but this plugin is "acme"`},
		{"identifier of another owner", func(md string) string { return strings.Replace(md, "packer/acme/acme", "packer/hashicorp/acme", 1) }, readmes, report.Warn, `names GitHub owner "hashicorp", but the module is published by "acme"`},
		{"not an identifier", func(md string) string { return strings.Replace(md, "packer/acme/acme", "acme", 1) }, readmes, report.Fail, `identifier "acme" is not packer/<org>/<name>`},
		{"component README missing", nil, readmes[:2], report.Fail, "component data-source \"acme-image\" has no .web-docs/components/data-source/acme-image/README.md"},
		{"main README missing", nil, readmes[1:], report.Fail, `docs.readme_location "./README.md" does not exist`},
		{"component not registered", func(md string) string {
			return strings.Replace(md, "  component {\n    type = \"data-source\"\n    name = \"Acme Image\"\n    slug = \"acme-image\"\n  }\n", "", 1)
		}, readmes, report.Warn, `describe lists datasource "acme-image", which .web-docs/metadata.hcl does not register`},
		{"wrong type", func(md string) string { return strings.Replace(md, `type = "data-source"`, `type = "datasource"`, 1) }, readmes, report.Fail, `has type "datasource"`},
		{"not HCL", func(string) string { return "integration {" }, readmes, report.Fail, "cannot be read as hashicorp/integration-template documents it"},
		{"no name", func(md string) string { return strings.Replace(md, "  name        = \"Acme\"\n", "", 1) }, readmes, report.Fail, `"name" is required`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			md := good
			if c.edit != nil {
				md = c.edit(md)
			}
			files := map[string]string{
				"go.mod":                 "module github.com/acme/packer-plugin-acme\n",
				".web-docs/metadata.hcl": md,
			}
			for _, r := range c.readmes {
				files[".web-docs/"+r] = "docs\n"
			}
			for name, content := range files {
				p := filepath.Join(dir, name)
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			s := &suite{bin: "/bin/packer-plugin-acme", opts: Options{ProjectDir: dir}, desc: &harness.Description{
				Builders: []string{harness.DefaultName}, Datasources: []string{"image"},
			}}
			res := runCheck(s, checkDocsMetadata)
			if res.Status != c.status || !strings.Contains(res.Message, c.want) {
				t.Fatalf("got %s %q\nwant %s containing %q", res.Status, res.Message, c.status, c.want)
			}
		})
	}
}
