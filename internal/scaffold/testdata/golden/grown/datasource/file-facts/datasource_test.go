package filefacts

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2/hcldec"
)

func configured(t *testing.T, cfg map[string]interface{}) *Datasource {
	t.Helper()
	d := new(Datasource)
	if err := d.Configure(cfg); err != nil {
		t.Fatalf("Configure: %v", err)
	}
	return d
}

func TestExecuteMatchesOutputSpec(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hello.txt")
	os.WriteFile(path, []byte("hello\n"), 0o644)
	d := configured(t, map[string]interface{}{"path": path})

	v, err := d.Execute()
	if err != nil {
		t.Fatalf("Execute: %v", err)
	}
	if want := hcldec.ImpliedType(d.OutputSpec()); !v.Type().Equals(want) {
		t.Fatalf("Execute returned %s, OutputSpec says %s", v.Type().FriendlyName(), want.FriendlyName())
	}
	if got := v.GetAttr("content").AsString(); got != "hello\n" {
		t.Fatalf("content = %q", got)
	}
	if got := v.GetAttr("sha256").AsString(); got != "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03" {
		t.Fatalf("sha256 = %s", got)
	}
	if size, _ := v.GetAttr("size").AsBigFloat().Int64(); size != 6 {
		t.Fatalf("size = %d, want 6", size)
	}
}

func TestExecuteMissingFile(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing.txt")
	d := configured(t, map[string]interface{}{"path": missing})
	v, err := d.Execute()
	if err == nil || !strings.Contains(err.Error(), missing) {
		t.Fatalf("Execute of a missing file: err = %v, want one naming it", err)
	}
	if !v.IsNull() || !v.Type().Equals(hcldec.ImpliedType(d.OutputSpec())) {
		t.Fatalf("Execute returned %#v with an error, want a null of OutputSpec's type", v)
	}
}
