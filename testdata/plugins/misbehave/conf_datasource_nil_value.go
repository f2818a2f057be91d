package main

import "github.com/zclconf/go-cty/cty"

// confNilValue returns cty.NilVal from Execute, which panics the plugin
// when the SDK encodes it.
type confNilValue struct{ confDatasource }

func (d *confNilValue) Execute() (cty.Value, error) { return cty.NilVal, nil }

func init() {
	datasources["nil-value"] = &confNilValue{confDatasource{name: "nil-value"}}
}
