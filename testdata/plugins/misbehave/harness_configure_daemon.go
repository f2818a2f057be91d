package main

// "spawns-daemon" starts a long-lived program in its own session in
// Configure and returns without waiting: Close must still kill it.

import (
	"os/exec"
	"syscall"
)

type hxSpawnsDaemon struct{ hxPP }

func (p *hxSpawnsDaemon) Configure(raws ...any) error {
	if err := p.config.decode(raws...); err != nil {
		return err
	}
	cmd := exec.Command("/bin/sleep", "3600")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	return cmd.Start()
}

func init() { postProcessors["spawns-daemon"] = &hxSpawnsDaemon{} }
