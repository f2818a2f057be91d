package main

// Post-processors that break the start: they act in main before the SDK's
// server is up (beforeStart), keyed by the component name.

import (
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"
)

// onSIGUSR1 runs fn in a goroutine of its own when the process gets
// SIGUSR1.
func onSIGUSR1(fn func()) {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGUSR1)
	go func() {
		<-c
		fn()
	}()
}

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

	// Starts normally, then exits between calls: when the test sends it
	// SIGUSR1, once the harness holds its connection.
	postProcessors["exits-after-handshake"] = &hxPP{}
	beforeStart["exits-after-handshake"] = func() {
		onSIGUSR1(func() {
			fmt.Fprintln(os.Stderr, "exits-after-handshake: leaving now")
			os.Exit(4)
		})
	}

	// Starts normally, then panics in a goroutine between calls, on SIGUSR1.
	postProcessors["panics-after-handshake"] = &hxPP{}
	beforeStart["panics-after-handshake"] = func() {
		onSIGUSR1(func() { panic("misbehave: panics between calls on purpose") })
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
