package naming

import (
	"strings"
	"testing"
)

func TestKind(t *testing.T) {
	for _, c := range []struct {
		in                                      string
		want                                    Kind
		block, pkg, typ, register, docs, integr string
	}{
		{"builder", Builder, "source", "builder", "Builder", "RegisterBuilder", "builders", "builder"},
		{"provisioner", Provisioner, "provisioner", "provisioner", "Provisioner", "RegisterProvisioner", "provisioners", "provisioner"},
		{"post-processor", PostProcessor, "post-processor", "postprocessor", "PostProcessor", "RegisterPostProcessor", "post-processors", "post-processor"},
		{"datasource", Datasource, "data", "datasource", "Datasource", "RegisterDatasource", "datasources", "data-source"},
		{"data-source", Datasource, "data", "datasource", "Datasource", "RegisterDatasource", "datasources", "data-source"},
	} {
		k, err := ParseKind(c.in)
		if err != nil || k != c.want {
			t.Fatalf("ParseKind(%q) = %q, %v", c.in, k, err)
		}
		got := []string{k.HCLBlock(), k.GoPackage(), k.TypeName(), k.RegisterMethod(), k.DocsFolder(), k.IntegrationType()}
		want := []string{c.block, c.pkg, c.typ, c.register, c.docs, c.integr}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s: %v, want %v", c.in, got, want)
		}
	}
	if _, err := ParseKind("builders"); err == nil || !strings.Contains(err.Error(), "builder, provisioner, post-processor, datasource") {
		t.Errorf("ParseKind(builders): %v, want an error listing the kinds", err)
	}
}
