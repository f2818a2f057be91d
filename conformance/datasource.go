package conformance

import (
	"strings"

	"github.com/hashicorp/hcl/v2/hcldec"
	"github.com/zclconf/go-cty/cty"
)

// Datasource checks: Execute's value against OutputSpec.

func init() {
	register(&Check{
		ID: "datasource.output", Kinds: datasource, NeedsConfig: true,
		Summary: "Execute returns a value that conforms to OutputSpec, never cty.NilVal or null",
		run:     runDatasourceOutput,
	})
}

func runDatasourceOutput(t *T) error {
	p, err := t.startConfigured()
	if err != nil {
		return err
	}
	spec, err := p.OutputSpec()
	if err != nil {
		return Failf("OutputSpec failed: %v", err)
	}
	v, err := p.Datasource().Execute()
	if err != nil {
		return Failf("Execute failed: %s\nA datasource that needs external resources cannot run here: --skip datasource.output", errorText(err))
	}
	if v == cty.NilVal {
		return Failf("Execute returned cty.NilVal: return cty.NullVal(hcldec.ImpliedType(OutputSpec())) or a value of that type")
	}
	if v.IsNull() {
		return Failf("Execute returned null: templates reading data.<name>.<attribute> fail; return an object of OutputSpec's type")
	}
	want := hcldec.ImpliedType(spec)
	if errs := v.Type().TestConformance(want); len(errs) > 0 {
		var lines []string
		for _, e := range errs {
			lines = append(lines, "  "+e.Error())
		}
		return Failf("Execute's value (%s) does not conform to OutputSpec (%s):\n%s", v.Type().FriendlyName(), want.FriendlyName(), strings.Join(lines, "\n"))
	}
	t.Notef("%d attributes", len(want.AttributeTypes()))
	return nil
}
