package main

import (
	"fmt"
	"os"
)

// confDescribeVariant selects a broken `describe` output at link time, for
// the plugin.describe check:
//
//	go build -ldflags "-X main.confDescribeVariant=bad-version"
//
// The default build leaves it empty and the SDK answers describe itself.
var confDescribeVariant string

var confDescribeVariants = map[string]string{
	"valid":         `{"version":"1.0.0","sdk_version":"0.6.10","api_version":"x5.0","builders":["conf-good"],"post_processors":[],"provisioners":[],"datasources":[],"protocol_version":"v2"}`,
	"bad-version":   `{"version":"one","sdk_version":"0.6.10","api_version":"x5.0","builders":["conf-good"],"post_processors":[],"provisioners":[],"datasources":[],"protocol_version":"v2"}`,
	"bad-api":       `{"version":"1.0.0","sdk_version":"0.6.10","api_version":"x4.0","builders":["conf-good"],"post_processors":[],"provisioners":[],"datasources":[],"protocol_version":"v2"}`,
	"bad-protocol":  `{"version":"1.0.0","sdk_version":"0.6.10","api_version":"x5.0","builders":["conf-good"],"post_processors":[],"provisioners":[],"datasources":[],"protocol_version":"v1"}`,
	"no-components": `{"version":"1.0.0","sdk_version":"0.6.10","api_version":"x5.0","builders":[],"post_processors":[],"provisioners":[],"datasources":[],"protocol_version":"v2"}`,
	"not-json":      `version 1.0.0`,
	// A default-named post-processor takes the plugin's own name: built as
	// packer-plugin-manifest it collides with Packer's built-in "manifest".
	"default-name": `{"version":"1.0.0","sdk_version":"0.6.10","api_version":"x5.0","builders":[],"post_processors":["-packer-default-plugin-name-"],"provisioners":[],"datasources":[],"protocol_version":"v2"}`,
}

func init() {
	if confDescribeVariant == "" || len(os.Args) < 2 || os.Args[1] != "describe" {
		return
	}
	out, ok := confDescribeVariants[confDescribeVariant]
	if !ok {
		fmt.Fprintf(os.Stderr, "unknown confDescribeVariant %q\n", confDescribeVariant)
		os.Exit(1)
	}
	fmt.Println(out)
	os.Exit(0)
}
