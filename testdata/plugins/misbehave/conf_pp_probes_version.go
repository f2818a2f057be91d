package main

import "os/exec"

// confProbesVersion runs a tool's version command in Configure: a side
// effect during validate, which its author acknowledges in the sample
// configuration with a reason (the finding is then a warning).
type confProbesVersion struct{ confPP }

func (p *confProbesVersion) Configure(raws ...any) error {
	_ = exec.Command("true", "--version").Run()
	return p.confPP.Configure(raws...)
}

func init() {
	postProcessors["probes-version"] = &confProbesVersion{confPP{name: "probes-version"}}
	// Well-behaved, with an acknowledgement of a finding it does not have.
	postProcessors["stale-ack"] = &confPP{name: "stale-ack"}
}
