package main

import (
	"errors"
	"os"
)

// Right in an unusual way: a post-processor that needs a setting from the
// environment (a token, as cloud plugins do), given in its sample block's
// conformance { env = { ... } }.
type confNeedsEnv struct{ confPP }

func (p *confNeedsEnv) Configure(raws ...any) error {
	if os.Getenv("MISBEHAVE_TOKEN") == "" {
		return errors.New("MISBEHAVE_TOKEN is not set: export it or set token")
	}
	return p.confPP.Configure(raws...)
}

func init() {
	postProcessors["needs-env"] = &confNeedsEnv{confPP{name: "needs-env"}}
}
