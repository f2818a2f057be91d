package harness

import (
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2/hcldec"
	"github.com/zclconf/go-cty/cty"
)

func TestCoreVarsAsCoreInjectsThem(t *testing.T) {
	v := DefaultCoreVars()
	v.Debug = true
	v.SensitiveVariables = []string{"secret"}

	b := v.HCL2(KindBuilder)
	if b["packer_debug"] != "true" || b["packer_force"] != "false" {
		t.Errorf("HCL2 bools must be strings: %#v", b)
	}
	if _, ok := b["packer_sensitive_variables"]; ok {
		t.Error("core gives builders no packer_sensitive_variables in HCL2")
	}
	if _, ok := b["packer_user_variables"]; ok {
		t.Error("core gives no packer_user_variables in HCL2")
	}
	pp := v.HCL2(KindPostProcessor)
	if s, ok := pp["packer_sensitive_variables"].([]string); !ok || s[0] != "secret" {
		t.Errorf("post-processors get packer_sensitive_variables: %#v", pp)
	}
	if v.HCL2(KindDatasource) != nil {
		t.Error("datasources get no injected map")
	}

	j := v.JSON()
	if j["packer_debug"] != true || j["packer_force"] != false {
		t.Errorf("JSON bools must be real bools: %#v", j)
	}
	for _, k := range []string{"packer_template_path", "packer_user_variables", "packer_sensitive_variables", "packer_on_error"} {
		if _, ok := j[k]; !ok {
			t.Errorf("JSON map lacks %s", k)
		}
	}
}

func TestArgsPerKind(t *testing.T) {
	v := DefaultCoreVars()
	val := cty.ObjectVal(map[string]cty.Value{"a": cty.StringVal("b")})
	for k, n := range map[Kind]int{KindBuilder: 2, KindPostProcessor: 2, KindProvisioner: 3, KindDatasource: 1} {
		if got := len(HCL2Args(k, v, val)); got != n {
			t.Errorf("HCL2Args(%s) has %d args, want %d", k, got, n)
		}
	}
	raw := map[string]any{"target": "x"}
	if args := JSONArgs(KindBuilder, v, raw); len(args) != 2 {
		t.Errorf("JSON builder args: %d, want 2 (raw, injected)", len(args))
	}
	args := JSONArgs(KindPostProcessor, v, raw, "SourceAMI")
	ph, ok := args[2].(map[string]string)
	if len(args) != 3 || !ok {
		t.Fatalf("JSON post-processor args: %#v", args)
	}
	if !strings.Contains(ph["SourceAMI"], "`build` function") || !strings.HasPrefix(ph["ID"], "Build_ID.") || ph["WinRMPassword"] != "{{.WinRMPassword}}" {
		t.Errorf("placeholder map: %#v", ph)
	}
	if JSONArgs(KindDatasource, v, raw) != nil {
		t.Error("datasources do not exist in legacy JSON")
	}
}

func TestDecodeHCL2AndConform(t *testing.T) {
	spec := hcldec.ObjectSpec{
		"target": &hcldec.AttrSpec{Name: "target", Type: cty.String},
		"level":  &hcldec.AttrSpec{Name: "level", Type: cty.Number},
	}
	val, err := DecodeHCL2(spec, []byte(`target = "x"`+"\n"), "pp.pkr.hcl")
	if err != nil {
		t.Fatal(err)
	}
	if val.GetAttr("target").AsString() != "x" || !val.GetAttr("level").IsNull() {
		t.Fatalf("decoded %#v", val)
	}
	if _, err := DecodeHCL2(spec, []byte(`nope = 1`), "pp.pkr.hcl"); err == nil || !strings.Contains(err.Error(), "pp.pkr.hcl") {
		t.Fatalf("unknown key: %v", err)
	}
	conf, err := ConformValue(spec, cty.ObjectVal(map[string]cty.Value{"level": cty.StringVal("3")}))
	if err != nil {
		t.Fatal(err)
	}
	if !conf.GetAttr("target").IsNull() || !conf.GetAttr("level").Equals(cty.NumberIntVal(3)).True() {
		t.Fatalf("conformed %#v", conf)
	}
	if _, err := ConformValue(spec, cty.ObjectVal(map[string]cty.Value{"nope": cty.True})); err == nil {
		t.Fatal("an attribute outside the spec was accepted")
	}
}
