package main

import (
	"fmt"
	"strings"
)

// confRejectsUnknownPlaceholder validates "output" as a file name, which
// rejects the "<unknown>" placeholder `packer validate` sends for values not
// known yet (packer-plugin-sdk#143, packer#11294).
type confRejectsUnknownPlaceholder struct{ confPP }

func (p *confRejectsUnknownPlaceholder) Configure(raws ...any) error {
	if err := p.confPP.Configure(raws...); err != nil {
		return err
	}
	if strings.ContainsAny(p.config.Output, "<>") {
		return fmt.Errorf("output %q: a file name cannot contain < or >", p.config.Output)
	}
	return nil
}

func init() {
	postProcessors["rejects-unknown-placeholder"] = &confRejectsUnknownPlaceholder{confPP{name: "rejects-unknown-placeholder"}}
}
