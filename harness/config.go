package harness

import (
	"fmt"
	"strconv"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hcldec"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// CoreVars are the packer_* values core injects into every component's
// configuration (the SDK's common.PackerConfig).
type CoreVars struct {
	BuildName          string // packer_build_name
	BuilderType        string // packer_builder_type
	CoreVersion        string // packer_core_version
	Debug              bool   // packer_debug
	Force              bool   // packer_force
	OnError            string // packer_on_error: cleanup|abort|ask|run-cleanup-provisioner
	TemplatePath       string // packer_template_path (legacy JSON only)
	UserVariables      map[string]string
	SensitiveVariables []string
}

// DefaultCoreVars are plausible values for a build named "harness".
func DefaultCoreVars() CoreVars {
	return CoreVars{
		BuildName:          "harness",
		BuilderType:        "null",
		CoreVersion:        "1.16.0",
		OnError:            "cleanup",
		UserVariables:      map[string]string{},
		SensitiveVariables: []string{},
	}
}

// HCL2 is the map core passes first to Prepare/Configure of a component of
// kind k in an HCL2 build: packer_debug and packer_force are the strings
// "true"/"false"; builders get no packer_sensitive_variables, post-processors
// and provisioners do; no template path or user variables. Datasources get
// no map at all (nil).
func (v CoreVars) HCL2(k Kind) map[string]any {
	if k == KindDatasource {
		return nil
	}
	m := map[string]any{
		"packer_build_name":   v.BuildName,
		"packer_builder_type": v.BuilderType,
		"packer_core_version": v.CoreVersion,
		"packer_debug":        strconv.FormatBool(v.Debug),
		"packer_force":        strconv.FormatBool(v.Force),
		"packer_on_error":     v.OnError,
	}
	if k != KindBuilder {
		m["packer_sensitive_variables"] = nonNilStrings(v.SensitiveVariables)
	}
	return m
}

// JSON is the map core passes in a legacy JSON build: every key, real bools.
func (v CoreVars) JSON() map[string]any {
	uv := v.UserVariables
	if uv == nil {
		uv = map[string]string{}
	}
	return map[string]any{
		"packer_build_name":          v.BuildName,
		"packer_builder_type":        v.BuilderType,
		"packer_core_version":        v.CoreVersion,
		"packer_debug":               v.Debug,
		"packer_force":               v.Force,
		"packer_on_error":            v.OnError,
		"packer_template_path":       v.TemplatePath,
		"packer_user_variables":      uv,
		"packer_sensitive_variables": nonNilStrings(v.SensitiveVariables),
	}
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// DecodeHCL2 decodes an HCL body (the inside of a source/post-processor
// block) against spec, as core does before Prepare/Configure. filename
// names src in diagnostics.
func DecodeHCL2(spec hcldec.ObjectSpec, src []byte, filename string) (cty.Value, error) {
	f, diags := hclsyntax.ParseConfig(src, filename, hcl.InitialPos)
	if diags.HasErrors() {
		return cty.NilVal, fmt.Errorf("parse %s: %w", filename, diags)
	}
	val, diags := hcldec.Decode(f.Body, spec, nil)
	if diags.HasErrors() {
		return cty.NilVal, fmt.Errorf("decode %s against the plugin's ConfigSpec: %w", filename, diags)
	}
	return val, nil
}

// ConformValue converts val (for instance a cty.ObjectVal of a few
// attributes) to the object type spec implies, filling the missing
// attributes with nulls, as decoding a body would.
func ConformValue(spec hcldec.ObjectSpec, val cty.Value) (cty.Value, error) {
	ty := hcldec.ImpliedType(spec)
	if !val.Type().IsObjectType() {
		return cty.NilVal, fmt.Errorf("config value must be an object, got %s", val.Type().FriendlyName())
	}
	attrs := map[string]cty.Value{}
	for name, at := range ty.AttributeTypes() {
		if val.Type().HasAttribute(name) {
			attrs[name] = val.GetAttr(name)
		} else {
			attrs[name] = cty.NullVal(at)
		}
	}
	for name := range val.Type().AttributeTypes() {
		if !ty.HasAttribute(name) {
			return cty.NilVal, fmt.Errorf("unsupported argument %q: the plugin's ConfigSpec has no such attribute", name)
		}
	}
	obj := cty.ObjectVal(attrs)
	if len(attrs) == 0 {
		obj = cty.EmptyObjectVal
	}
	out, err := convert.Convert(obj, ty)
	if err != nil {
		return cty.NilVal, fmt.Errorf("config value does not match the plugin's ConfigSpec: %w", err)
	}
	return out, nil
}

// HCL2Args are the arguments core passes to Prepare (builder, provisioner)
// or Configure (post-processor, datasource) of kind k in an HCL2 build:
// builder (injected, value); post-processor (injected, value); provisioner
// (injected, value, nil override map); datasource (value).
func HCL2Args(k Kind, v CoreVars, val cty.Value) []any {
	switch k {
	case KindDatasource:
		return []any{val}
	case KindProvisioner:
		return []any{v.HCL2(k), val, map[string]any(nil)}
	default:
		return []any{v.HCL2(k), val}
	}
}

// PlaceholderData is the map core passes last in a legacy JSON build: each
// build-generated key mapped to a message telling the user to use the
// `build` function, plus the given generated keys.
func PlaceholderData(generated ...string) map[string]string {
	keys := []string{"ID", "Host", "Port", "User", "Password", "ConnType", "PackerRunUUID",
		"PackerHTTPPort", "PackerHTTPIP", "PackerHTTPAddr", "SSHPublicKey", "SSHPrivateKey"}
	m := map[string]string{}
	for _, k := range append(keys, generated...) {
		m[k] = fmt.Sprintf("Build_%s. To set this dynamically in the Packer template, you must use the `build` function", k)
	}
	m["WinRMPassword"] = "{{.WinRMPassword}}"
	return m
}

// JSONArgs are the arguments core passes in a legacy JSON build: builder
// (raw, injected); provisioner and post-processor (raw, injected,
// placeholder map with the builder's generated keys). Datasources do not
// exist in legacy JSON (nil).
func JSONArgs(k Kind, v CoreVars, raw map[string]any, generated ...string) []any {
	switch k {
	case KindBuilder:
		return []any{raw, v.JSON()}
	case KindProvisioner, KindPostProcessor:
		return []any{raw, v.JSON(), PlaceholderData(generated...)}
	default:
		return nil
	}
}
