package main

import (
	"encoding/json"

	"github.com/mitchellh/mapstructure"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// confAcceptsUnknownKey decodes with plain mapstructure, so a misspelt key
// in a JSON template is silently ignored instead of rejected.
type confAcceptsUnknownKey struct{ confPP }

func (p *confAcceptsUnknownKey) Configure(raws ...any) error {
	var c confConfig
	for _, raw := range raws {
		if v, ok := raw.(cty.Value); ok {
			b, err := ctyjson.SimpleJSONValue{Value: v}.MarshalJSON()
			if err != nil {
				return err
			}
			var m map[string]any
			if err := json.Unmarshal(b, &m); err != nil {
				return err
			}
			raw = m
		}
		dec, err := mapstructure.NewDecoder(&mapstructure.DecoderConfig{WeaklyTypedInput: true, Result: &c})
		if err != nil {
			return err
		}
		if err := dec.Decode(raw); err != nil {
			return err
		}
	}
	p.config = c
	return nil
}

func init() {
	postProcessors["accepts-unknown-key"] = &confAcceptsUnknownKey{confPP{name: "accepts-unknown-key"}}
}
