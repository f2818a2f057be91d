package main

// confWrongTypePanics reads "output" from a JSON template with an unchecked
// type assertion, so a wrong-typed value panics the plugin instead of being
// reported as a configuration error.
type confWrongTypePanics struct{ confPP }

func (p *confWrongTypePanics) Configure(raws ...interface{}) error {
	for _, raw := range raws {
		if m, ok := raw.(map[string]interface{}); ok {
			if v, ok := m["output"]; ok {
				_ = v.(string)
			}
		}
	}
	return p.confPP.Configure(raws...)
}

func init() {
	postProcessors["wrong-type-panics"] = &confWrongTypePanics{confPP{name: "wrong-type-panics"}}
}
