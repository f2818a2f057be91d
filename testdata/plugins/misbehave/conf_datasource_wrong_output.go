package main

import "github.com/zclconf/go-cty/cty"

// confWrongOutput returns a value whose shape differs from its OutputSpec:
// "level" is a string and "path" is missing.
type confWrongOutput struct{ confDatasource }

func (d *confWrongOutput) Execute() (cty.Value, error) {
	return cty.ObjectVal(map[string]cty.Value{
		"level": cty.StringVal("high"),
	}), nil
}

func init() {
	datasources["wrong-output"] = &confWrongOutput{confDatasource{name: "wrong-output"}}
}
