package main

import (
	"fmt"
	"net/http"
)

// confHTTPInConfigure asks an API during Configure and fails when it cannot
// reach it, as a plugin validating credentials does: with no network the
// configuration is rejected, yet the request was made during validate.
type confHTTPInConfigure struct{ confPP }

func (p *confHTTPInConfigure) Configure(raws ...any) error {
	resp, err := http.Get("http://127.0.0.1:1/v1/auth")
	if err != nil {
		return fmt.Errorf("checking credentials: %w", err)
	}
	resp.Body.Close()
	return p.confPP.Configure(raws...)
}

func init() {
	postProcessors["http-in-configure"] = &confHTTPInConfigure{confPP{name: "http-in-configure"}}
}
