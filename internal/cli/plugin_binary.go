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
// sampleDir is where the sample configuration is looked for.
func pluginBinary(ctx context.Context, path string, stderr io.Writer) (bin, sampleDir string, cleanup func(), err error) {
	fi, err := os.Stat(path)
	if err != nil {
		return "", "", nil, err
	}
	if !fi.IsDir() {
		return path, filepath.Dir(path), func() {}, nil
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", "", nil, err
	}
	tmp, err := scratch.MkdirTemp("", "packer-plugin-dev-build-")
	if err != nil {
		return "", "", nil, err
	}
	cleanup = func() { os.RemoveAll(tmp) }
	if bin, err = pluginbuild.Build(ctx, path, tmp, stderr); err != nil {
		cleanup()
		var compile *pluginbuild.CompileError
		if errors.As(err, &compile) {
			err = fmt.Errorf("%v: fix the errors above, or pass a plugin binary", err)
		}
		return "", "", nil, err
	}
	return bin, abs, cleanup, nil
}
