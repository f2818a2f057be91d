//go:build linux

package main

// "contain-<route>" post-processors each take one route of
// testdata/routes in Configure: a side effect on the machine that a
// contained Configure must be refused, or seen doing, with the route
// named. The side effects aim at misbehave-outside/<route> beside the
// sandbox (in its parent folder), which the tests create and check.

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/packer-plugin-dev/packer-plugin-dev/testdata/routes"
)

type confRoute struct {
	hxPP
	route routes.Route
}

func (p *confRoute) Configure(raws ...any) error {
	if err := p.config.decode(raws...); err != nil {
		return err
	}
	// HOME is <sandbox>/home; the sandbox's parent is shared.
	outside := filepath.Join(filepath.Dir(filepath.Dir(os.Getenv("HOME"))), "misbehave-outside", p.route.Name)
	err := p.route.Do(outside)
	fmt.Fprintf(os.Stderr, "route %s: %v\n", p.route.Name, err)
	return nil
}

func init() {
	for _, r := range routes.All {
		postProcessors["contain-"+r.Name] = &confRoute{route: r}
	}
}
