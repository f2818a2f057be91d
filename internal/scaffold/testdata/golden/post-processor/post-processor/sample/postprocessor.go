// Package sample implements the sample post-processor.
//
// A Packer post-processor that writes a SHA-256 checksum manifest of its input files.
package sample

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2/hcldec"
	packersdk "github.com/hashicorp/packer-plugin-sdk/packer"
)

// BuilderId identifies artifacts of this post-processor.
const BuilderId = "acme.post-processor.sample"

// PostProcessor writes a SHA-256 manifest of the files of its input
// artifact. It never modifies or destroys its input: Packer core decides
// whether to keep it.
type PostProcessor struct {
	config Config
}

var _ packersdk.PostProcessor = new(PostProcessor)

// ConfigSpec describes the configuration for HCL2 templates.
func (p *PostProcessor) ConfigSpec() hcldec.ObjectSpec { return p.config.FlatMapstructure().HCL2Spec() }

// Configure validates the configuration.
func (p *PostProcessor) Configure(raws ...interface{}) error { return p.config.Configure(raws...) }

// PostProcess hashes every file of the input artifact and writes the
// manifest. It returns a new artifact (the manifest) and keep=true: the
// input is still there afterwards, so by default Packer keeps it.
func (p *PostProcessor) PostProcess(ctx context.Context, ui packersdk.Ui, in packersdk.Artifact) (packersdk.Artifact, bool, bool, error) {
	files := in.Files()
	if len(files) == 0 {
		return nil, false, false, fmt.Errorf("artifact %q (builder %s) has no files to checksum: use a builder that produces files, or put the artifice post-processor before this one", in.Id(), in.BuilderId())
	}
	out, err := filepath.Abs(p.config.Output)
	if err != nil {
		return nil, false, false, fmt.Errorf("output %q: %w", p.config.Output, err)
	}
	var manifest strings.Builder
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return nil, false, false, fmt.Errorf("checksum manifest cancelled: %w", err)
		}
		if abs, err := filepath.Abs(f); err == nil && abs == out {
			return nil, false, false, fmt.Errorf("output %q is one of the input files: choose another output path", p.config.Output)
		}
		sum, err := fileSHA256(f)
		if err != nil {
			return nil, false, false, err
		}
		fmt.Fprintf(&manifest, "%s  %s\n", sum, filepath.ToSlash(f))
	}
	if err := writeAtomic(p.config.Output, []byte(manifest.String())); err != nil {
		return nil, false, false, err
	}
	ui.Say(fmt.Sprintf("Wrote checksum manifest of %d file(s) to %s", len(files), p.config.Output))
	// The artifact lists the absolute path: whoever reads it later need not
	// share this process's working directory.
	return &Artifact{Path: out, Count: len(files)}, true, false, nil
}

func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("checksum input file: %w", err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("checksum %s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// writeAtomic writes data to a temp file next to path and renames it, so a
// failed or cancelled run never leaves a truncated manifest.
func writeAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create directory for %s: %w", path, err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
