package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/packer-plugin-dev/packer-plugin-dev/internal/pluginbuild"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/scratch"
)

// pluginBinary returns the binary to check: path itself, or a build of
// the project folder path into a temporary folder (removed by cleanup).
// sampleDir is where the sample configuration is looked for: the project,
// or the binary's folder. projectDir is the project the binary was built
// from: path, or the binary's folder when it holds a go.mod (a plugin
// built in its project, as its Makefile does); "" for a bare binary.
func pluginBinary(ctx context.Context, path string, stderr io.Writer) (bin, sampleDir, projectDir string, cleanup func(), err error) {
	fi, err := os.Stat(path)
	if err != nil {
		return "", "", "", nil, err
	}
	if !fi.IsDir() {
		dir := filepath.Dir(path)
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			projectDir = dir
		}
		return path, dir, projectDir, func() {}, nil
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", "", "", nil, err
	}
	tmp, err := scratch.MkdirTemp("", "packer-plugin-dev-build-")
	if err != nil {
		return "", "", "", nil, err
	}
	cleanup = func() { os.RemoveAll(tmp) }
	if bin, err = pluginbuild.Build(ctx, path, tmp, stderr); err != nil {
		cleanup()
		var compile *pluginbuild.CompileError
		if errors.As(err, &compile) {
			err = fmt.Errorf("%v: fix the errors above, or pass a plugin binary", err)
		}
		return "", "", "", nil, err
	}
	return bin, abs, abs, cleanup, nil
}
