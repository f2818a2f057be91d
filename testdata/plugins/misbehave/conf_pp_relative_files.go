package main

import (
	"context"
	"fmt"
	"os"

	"github.com/hashicorp/packer-plugin-sdk/packer"
)

// confRelativeFiles is well-behaved: its artifact lists its file by a path
// relative to the working directory, which core shares with the plugin.
type confRelativeFiles struct{ confPP }

func (p *confRelativeFiles) PostProcess(ctx context.Context, ui packer.Ui, in packer.Artifact) (packer.Artifact, bool, bool, error) {
	data, err := confReadInput(in)
	if err != nil {
		return nil, false, false, err
	}
	if err := ctx.Err(); err != nil {
		return nil, false, false, err
	}
	out := p.config.outputPath(p.name)
	ui.Say(fmt.Sprintf("writing %d bytes to %s", len(data), out))
	if err := os.WriteFile(out, data, 0o644); err != nil {
		return nil, false, false, err
	}
	return &confArtifact{Paths: []string{out}}, true, false, nil
}

// confArtifactMissingRelative lists, next to its real relative file, a
// relative file it never wrote.
type confArtifactMissingRelative struct{ confRelativeFiles }

func (p *confArtifactMissingRelative) PostProcess(ctx context.Context, ui packer.Ui, in packer.Artifact) (packer.Artifact, bool, bool, error) {
	a, keep, force, err := p.confRelativeFiles.PostProcess(ctx, ui, in)
	if err != nil {
		return a, keep, force, err
	}
	return &confArtifact{Paths: append(a.Files(), a.Files()[0]+".sha256")}, keep, force, nil
}

func init() {
	postProcessors["relative-files"] = &confRelativeFiles{confPP{name: "relative-files"}}
	postProcessors["artifact-missing-relative"] = &confArtifactMissingRelative{confRelativeFiles{confPP{name: "artifact-missing-relative"}}}
}
