// Command sdkplugin is the smallest real SDK plugin: one post-processor that
// passes its input through. The observe benchmarks start it (`describe`) to
// measure tracing overhead on a program with an SDK plugin's start-up cost.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/hashicorp/hcl/v2/hcldec"
	"github.com/hashicorp/packer-plugin-sdk/packer"
	"github.com/hashicorp/packer-plugin-sdk/plugin"
)

type passThrough struct{}

func (passThrough) ConfigSpec() hcldec.ObjectSpec { return hcldec.ObjectSpec{} }
func (passThrough) Configure(...any) error        { return nil }
func (passThrough) PostProcess(_ context.Context, _ packer.Ui, a packer.Artifact) (packer.Artifact, bool, bool, error) {
	return a, true, false, nil
}

func main() {
	set := plugin.NewSet()
	set.RegisterPostProcessor("pass", passThrough{})
	if err := set.Run(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
