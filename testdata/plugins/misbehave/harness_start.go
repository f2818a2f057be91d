package main

// Post-processors that break the start: they act in main before the SDK's
// server is up (beforeStart), keyed by the component name.

import (
	"fmt"
	"os"
	"path/filepath"
	"time"
)

func hxSleepForever() {
	for {
		time.Sleep(time.Hour)
	}
}

func init() {
	// Noise on stdout before the handshake, then a normal start.
	postProcessors["stdout-noise"] = &hxPP{}
	beforeStart["stdout-noise"] = func() { fmt.Println("hello from stdout-noise") }

	// Never prints a handshake.
	postProcessors["no-handshake"] = &hxPP{}
	beforeStart["no-handshake"] = hxSleepForever

	// Exits with an error before the handshake.
	postProcessors["exits-early"] = &hxPP{}
	beforeStart["exits-early"] = func() {
		fmt.Fprintln(os.Stderr, "exits-early: cannot start, giving up")
		os.Exit(3)
	}

	// Starts normally, then exits 200 ms after the handshake.
	postProcessors["exits-after-handshake"] = &hxPP{}
	beforeStart["exits-after-handshake"] = func() {
		go func() {
			time.Sleep(200 * time.Millisecond)
			fmt.Fprintln(os.Stderr, "exits-after-handshake: leaving now")
			os.Exit(4)
		}()
	}

	// Starts normally, then panics in a goroutine 200 ms later, between calls.
	postProcessors["panics-after-handshake"] = &hxPP{}
	beforeStart["panics-after-handshake"] = func() {
		go func() {
			time.Sleep(200 * time.Millisecond)
			panic("misbehave: panics between calls on purpose")
		}()
	}

	// Handshakes with a protocol core refuses.
	postProcessors["wrong-api"] = &hxPP{}
	beforeStart["wrong-api"] = func() {
		fmt.Printf("6|0|unix|%s\n", filepath.Join(os.TempDir(), "wrong-api.sock"))
		hxSleepForever()
	}
	postProcessors["protocol-4"] = &hxPP{}
	beforeStart["protocol-4"] = func() {
		fmt.Printf("4|unix|%s\n", filepath.Join(os.TempDir(), "protocol-4.sock"))
		hxSleepForever()
	}
}
