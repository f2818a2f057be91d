package main

import (
	"context"
	"os"
	"path/filepath"

	"github.com/hashicorp/packer-plugin-sdk/packer"
)

// confLeavesFilesOnError creates its output before reading the input and
// does not remove it when reading fails.
type confLeavesFilesOnError struct{ confPP }

func (p *confLeavesFilesOnError) PostProcess(ctx context.Context, ui packer.Ui, in packer.Artifact) (packer.Artifact, bool, bool, error) {
	out, err := filepath.Abs(p.config.outputPath(p.name))
	if err != nil {
		return nil, false, false, err
	}
	f, err := os.Create(out)
	if err != nil {
		return nil, false, false, err
	}
	defer f.Close()
	data, err := confReadInput(in)
	if err != nil {
		return nil, false, false, err // out is left behind
	}
	if _, err := f.Write(data); err != nil {
		return nil, false, false, err
	}
	return &confArtifact{Paths: []string{out}}, true, false, nil
}

func init() {
	postProcessors["leaves-files-on-error"] = &confLeavesFilesOnError{confPP{name: "leaves-files-on-error"}}
}
