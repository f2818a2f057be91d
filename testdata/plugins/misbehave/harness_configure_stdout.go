package main

// "stdout-chatter" prints to stdout in Configure, after the handshake:
// core ignores it, the harness logs it for the call.

import "fmt"

type hxStdoutChatter struct{ hxPP }

func (p *hxStdoutChatter) Configure(raws ...any) error {
	fmt.Println("chatter on stdout from Configure")
	return p.config.decode(raws...)
}

func init() { postProcessors["stdout-chatter"] = &hxStdoutChatter{} }
