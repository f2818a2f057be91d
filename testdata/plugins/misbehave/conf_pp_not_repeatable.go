package main

import "errors"

// confNotRepeatable refuses a second Configure, which core always sends at
// build time after validate-time configuration (packer#9596).
type confNotRepeatable struct {
	confPP
	configured bool
}

func (p *confNotRepeatable) Configure(raws ...any) error {
	if p.configured {
		return errors.New("output is already set: only one output may be given")
	}
	if err := p.confPP.Configure(raws...); err != nil {
		return err
	}
	p.configured = true
	return nil
}

func init() {
	postProcessors["not-repeatable"] = &confNotRepeatable{confPP: confPP{name: "not-repeatable"}}
}
