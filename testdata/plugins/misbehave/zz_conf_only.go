package main

import (
	"fmt"
	"os"
	"strings"
)

// confOnly, set at link time, makes this a one-component plugin:
//
//	go build -ldflags "-X main.confOnly=post-processor/conf-good"
//
// The benchmark compares the suite with real Packer on such a plugin. The
// file is named zz_* so its init runs after every registration (Go runs a
// package's init functions in file-name order).
var confOnly string

func init() {
	if confOnly == "" {
		return
	}
	kind, name, _ := strings.Cut(confOnly, "/")
	keep := func(k string) bool { return k == kind }
	for n := range builders {
		if !keep("builder") || n != name {
			delete(builders, n)
		}
	}
	for n := range postProcessors {
		if !keep("post-processor") || n != name {
			delete(postProcessors, n)
		}
	}
	for n := range provisioners {
		if !keep("provisioner") || n != name {
			delete(provisioners, n)
		}
	}
	for n := range datasources {
		if !keep("datasource") || n != name {
			delete(datasources, n)
		}
	}
	if len(builders)+len(postProcessors)+len(provisioners)+len(datasources) != 1 {
		fmt.Fprintf(os.Stderr, "confOnly %q: no such component\n", confOnly)
		os.Exit(1)
	}
}
