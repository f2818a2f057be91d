package conformance

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2/hcldec"
	"github.com/zclconf/go-cty/cty"

	"github.com/packer-plugin-dev/packer-plugin-dev/conformance/sample"
	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
)

// Datasource checks: Execute's value against OutputSpec.

var checkDatasourceOutput = &Check{
	ID: "datasource.output", Kinds: onDatasources, NeedsConfig: true, Main: true,
	Summary: "Execute returns a value that conforms to OutputSpec, never cty.NilVal or null",
	run:     runDatasourceOutput,
	repro:   reproDatasourceOutput,
}

func runDatasourceOutput(t *checkEnv) error {
	p, err := t.startConfigured()
	if err != nil {
		return err
	}
	spec, err := p.OutputSpec()
	if err != nil {
		return failf("OutputSpec failed: %v", errorText(err))
	}
	t.reproNote("attrs", strings.Join(ctyAttrNames(hcldec.ImpliedType(spec)), " "))
	v, held, err := t.execute(p)
	if held != nil {
		return needsOutside("Execute", held, "datasource.output")
	}
	if err != nil {
		return skipf("Execute failed, configured with %s, so its output could not be checked:\n%s\nIf it needs external resources, give what it needs in %s (conformance { env = { ... } }), or --skip datasource.output", t.setup.config.Source, errorText(err), sample.FileName)
	}
	if v == cty.NilVal {
		return failf("Execute returned cty.NilVal: return cty.NullVal(hcldec.ImpliedType(OutputSpec())) or a value of that type")
	}
	if v.IsNull() {
		return failf("Execute returned null: `packer validate` types data.<name>.<attribute> from OutputSpec and accepts templates that read it, then `packer build` fails on them (\"Attempt to get attribute from null value\"); return an object of OutputSpec's type")
	}
	want := hcldec.ImpliedType(spec)
	if errs := v.Type().TestConformance(want); len(errs) > 0 {
		var lines []string
		for _, e := range errs {
			lines = append(lines, e.Error())
		}
		return failFindings(fmt.Sprintf("Execute's value (%s) does not conform to OutputSpec (%s): `packer validate` checks templates against OutputSpec (core gives it an unknown value of that type), so templates that pass validate fail in `packer build`:", v.Type().FriendlyName(), want.FriendlyName()), lines, "")
	}
	t.Notef("%s", plural(len(want.AttributeTypes()), "attribute"))
	return nil
}

// execute runs Execute, which core cannot cancel: when it waits on the
// outside world, the process is ended there, as nothing would ever answer.
func (t *checkEnv) execute(p *harness.Plugin) (v cty.Value, held *harness.Hold, err error) {
	held, err = t.untilHeld(p, func(ctx context.Context) (err error) {
		stop := context.AfterFunc(ctx, func() { p.Close() })
		defer stop()
		v, err = p.Datasource().Execute()
		return err
	})
	if held != nil {
		return cty.NilVal, held, nil
	}
	return v, nil, err
}
