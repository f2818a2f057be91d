package main

// "hangs" never returns from Configure: the per-call deadline must end it.

import "time"

type hxHangs struct{ hxPP }

func (p *hxHangs) Configure(raws ...interface{}) error {
	time.Sleep(24 * time.Hour)
	return nil
}

func init() { postProcessors["hangs"] = &hxHangs{} }
