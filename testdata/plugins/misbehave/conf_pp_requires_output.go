package main

import "errors"

// confRequiresOutput is well-behaved but needs "output" set: the empty
// configuration is invalid, so the suite must use the sample configuration
// (conformance.pkr.hcl) or skip the checks that need a valid one.
type confRequiresOutput struct{ confPP }

func (p *confRequiresOutput) Configure(raws ...any) error {
	if err := p.confPP.Configure(raws...); err != nil {
		return err
	}
	if p.config.Output == "" {
		return errors.New("output is required: set output to the file to write")
	}
	return nil
}

func init() {
	postProcessors["requires-output"] = &confRequiresOutput{confPP{name: "requires-output"}}
}
