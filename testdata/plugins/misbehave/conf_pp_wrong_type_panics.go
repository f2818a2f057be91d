package main

import (
	"fmt"
	"reflect"
)

// confWrongTypePanics reads "output" from a JSON template with an unchecked
// type assertion, so a wrong-typed value panics the plugin instead of being
// reported as a configuration error.
type confWrongTypePanics struct{ confPP }

func (p *confWrongTypePanics) Configure(raws ...any) error {
	for _, raw := range raws {
		// Maps arrive over RPC as map[string]interface{} or
		// map[interface{}]interface{}.
		m := reflect.ValueOf(raw)
		if m.Kind() != reflect.Map {
			continue
		}
		for _, k := range m.MapKeys() {
			if fmt.Sprint(k.Interface()) == "output" {
				_ = m.MapIndex(k).Interface().(string)
			}
		}
	}
	return p.confPP.Configure(raws...)
}

func init() {
	postProcessors["wrong-type-panics"] = &confWrongTypePanics{confPP{name: "wrong-type-panics"}}
}
