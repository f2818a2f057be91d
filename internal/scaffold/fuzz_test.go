package scaffold

import (
	"strings"
	"testing"

	"github.com/packer-plugin-dev/packer-plugin-dev/internal/naming"
)

// Whatever it is given, new either refuses it before writing anything
// (Render writes nothing; Write comes after) or makes a project whose
// names agree: the name is one Packer accepts, go.mod declares the module,
// the module names no other plugin, and the binary, Makefile and GoReleaser
// config all say packer-plugin-<name>.
func FuzzRenderIsConsistentOrRefused(f *testing.F) {
	for _, s := range [][5]string{
		{"builder", "foo", "", "acme", ""},
		{"post-processor", "sha-manifest", "example.com/infra/packer-plugin-sha-manifest", "", "Writes a manifest"},
		{"data-source", "x", "github.com/Acme/packer-plugin-x", "", ""},
		{"builder", "Foo", "", "acme", ""},
		{"provisioner", "foo", "github.com/acme/packer-plugin-bar", "", ""},
		{"datasource", "föö", "", "acme", "no period"},
		{"widget", "foo", "", "acme", ""},
	} {
		f.Add(s[0], s[1], s[2], s[3], s[4])
	}
	f.Fuzz(func(t *testing.T, kind, name, module, owner, desc string) {
		p, err := Render(Options{Kind: Kind(kind), Name: name, Module: module, Owner: owner, Description: desc})
		if err != nil {
			return
		}
		o := p.Options
		if err := naming.ValidateName(o.Name); err != nil {
			t.Fatalf("rendered a project for a name Packer rejects: %v", err)
		}
		if err := ModuleNamesPlugin(o.Module, o.Name); err != nil {
			t.Fatalf("rendered a project whose module names another plugin: %v", err)
		}
		if gomod := p.File("go.mod"); gomod == nil || !strings.HasPrefix(string(gomod.Data), "module "+o.Module+"\n") {
			t.Fatalf("go.mod does not declare %s", o.Module)
		}
		bin := "packer-plugin-" + o.Name
		for _, f := range []string{"GNUmakefile", ".goreleaser.yml"} {
			if file := p.File(f); file == nil || !strings.Contains(string(file.Data), bin) {
				t.Errorf("%s does not name %s", f, bin)
			}
		}
		if d := o.Description; d != "" && !strings.ContainsAny(d[len(d)-1:], ".!?") {
			t.Errorf("description %q does not end as a sentence", d)
		}
	})
}
