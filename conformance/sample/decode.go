package sample

import (
	"encoding/json"
	"fmt"

	"github.com/hashicorp/hcl/v2/hcldec"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// Decode decodes the block against a component's ConfigSpec: its HCL2
// value, and the same configuration as a legacy JSON template gives it.
func (b *Block) Decode(spec hcldec.ObjectSpec) (cty.Value, map[string]any, error) {
	val, diags := hcldec.Decode(b.body, spec, b.ctx)
	if diags.HasErrors() {
		return cty.NilVal, nil, fmt.Errorf("%s does not match the ConfigSpec: %s", b.Where, diags.Error())
	}
	js, err := jsonFromCty(val)
	if err != nil {
		return cty.NilVal, nil, fmt.Errorf("%s cannot be written as JSON: %v", b.Where, err)
	}
	return val, js, nil
}

// jsonFromCty turns a decoded configuration into the map a JSON template
// would give, dropping null attributes.
func jsonFromCty(v cty.Value) (map[string]any, error) {
	out := map[string]any{}
	if v.IsNull() || !v.IsKnown() {
		return out, nil
	}
	g, err := goValue(v)
	if err != nil {
		return nil, err
	}
	m, ok := g.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("a configuration must be an object, not %s", v.Type().FriendlyName())
	}
	for k, val := range m {
		if val != nil {
			out[k] = val
		}
	}
	return out, nil
}

// goValue turns a literal cty value into plain Go values (maps, slices,
// strings, float64, bools), which the plugin RPC carries.
func goValue(v cty.Value) (any, error) {
	b, err := ctyjson.SimpleJSONValue{Value: v}.MarshalJSON()
	if err != nil {
		return nil, err
	}
	var out any
	err = json.Unmarshal(b, &out)
	return out, err
}
