package main

import (
	"context"
	"os"
	"path/filepath"

	"github.com/hashicorp/packer-plugin-sdk/packer"
)

// confNoHook never runs the packer_provision hook, so no provisioner ever
// runs on what it builds.
type confNoHook struct{ confBuilder }

func (b *confNoHook) Run(ctx context.Context, ui packer.Ui, hook packer.Hook) (packer.Artifact, error) {
	out, err := filepath.Abs(b.config.outputPath(b.name))
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(out, []byte("built\n"), 0o644); err != nil {
		return nil, err
	}
	return withHCP(&confArtifact{Paths: []string{out}, Data: b.generatedData(out)}), nil
}

func init() {
	builders["no-hook"] = &confNoHook{confBuilder{name: "no-hook"}}
}
