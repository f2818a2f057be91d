package main

// "never-accepts" announces a socket it listens on but never accepts a
// connection, in /tmp instead of $TMPDIR: every call hangs, and the socket
// outlives the killed process unless the harness removes it.

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
)

func init() {
	postProcessors["never-accepts"] = &hxPP{}
	beforeStart["never-accepts"] = func() {
		path := filepath.Join("/tmp", fmt.Sprintf("packer-plugin-never-accepts-%d", os.Getpid()))
		l, err := net.Listen("unix", path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		// Keep the listener open (and the file in place) until killed.
		_ = l
		fmt.Printf("5|0|unix|%s\n", path)
		hxSleepForever()
	}
}
