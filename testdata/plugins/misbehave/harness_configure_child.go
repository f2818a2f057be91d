package main

// "child-process" starts a program in Configure.

import (
	"os/exec"
)

type hxChildProcess struct{ hxPP }

func (p *hxChildProcess) Configure(raws ...any) error {
	if err := p.config.decode(raws...); err != nil {
		return err
	}
	return exec.Command("/bin/sh", "-c", "exit 0").Run()
}

func init() { postProcessors["child-process"] = &hxChildProcess{} }
