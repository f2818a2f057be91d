// Package pluginbuild builds a plugin project folder into a binary, for
// `packer-plugin-dev test PATH` and for tests that run the suite on a
// project (internal/conformancetest). The conformance package itself never
// starts a process.
package pluginbuild

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/packer-plugin-dev/packer-plugin-dev/conformance"
)

// Build runs `go build` on the main package in dir as releases build it
// (CGO_ENABLED=0, -trimpath: Packer's official template and `release` do),
// writing the binary into outDir under the name conformance.BinaryName
// gives, and returns its path. The go command's output goes to output as
// it comes.
func Build(ctx context.Context, dir, outDir string, output io.Writer) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	bin := filepath.Join(outDir, conformance.BinaryName(abs))
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-o", bin, ".")
	cmd.Dir = abs
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	cmd.Stdout = output
	cmd.Stderr = output
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go build in %s failed (%v)", dir, err)
	}
	return bin, nil
}
