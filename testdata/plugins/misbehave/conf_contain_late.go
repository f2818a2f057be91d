package main

// "contain-late-write" writes outside its sandbox 5 ms after Configure
// returned, from a goroutine: in `packer build` the process lives on and
// the write happens, so the suite judges a configure-only process's whole
// life, not only the call.

import (
	"os"
	"path/filepath"
	"time"
)

type confLateWrite struct{ hxPP }

func (p *confLateWrite) Configure(raws ...any) error {
	if err := p.config.decode(raws...); err != nil {
		return err
	}
	outside := filepath.Join(filepath.Dir(filepath.Dir(os.Getenv("HOME"))), "misbehave-outside", "late-write")
	time.AfterFunc(5*time.Millisecond, func() { _ = os.WriteFile(outside, []byte("late"), 0o644) })
	return nil
}

func init() { postProcessors["contain-late-write"] = &confLateWrite{} }
