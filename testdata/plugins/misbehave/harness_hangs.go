package main

// "hangs" never returns from Configure: the per-call deadline must end it.
// It says so on stderr first, so a test knows the call is in flight.

import (
	"fmt"
	"os"
	"time"
)

type hxHangs struct{ hxPP }

func (p *hxHangs) Configure(raws ...any) error {
	fmt.Fprintln(os.Stderr, "hangs: hanging in Configure")
	time.Sleep(24 * time.Hour)
	return nil
}

func init() { postProcessors["hangs"] = &hxHangs{} }
