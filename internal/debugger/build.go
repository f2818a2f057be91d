package debugger

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/packer-plugin-dev/packer-plugin-dev/internal/naming"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/pluginbuild"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/scratch"
)

// Build builds the plugin project dir for debugging into outDir, under the
// name naming.BinaryName gives, and returns the binary's path:
// optimisations and inlining off (GCFlags), and without -trimpath, so the
// binary's source paths are the files the IDE has open and its breakpoints
// bind.
func Build(ctx context.Context, dir, outDir string, output io.Writer) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	if err := pluginbuild.CheckMain(ctx, abs, "."); err != nil {
		return "", err
	}
	fmt.Fprintf(output, "building %s for debugging (-gcflags=%q)\n", dir, GCFlags)
	bin := filepath.Join(outDir, naming.BinaryName(abs))
	cmd := exec.CommandContext(ctx, "go", "build", "-gcflags="+GCFlags, "-o", bin, ".")
	cmd.Dir = abs
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	cmd.Stdout, cmd.Stderr = output, output
	if err := scratch.RunGo(cmd); err != nil {
		return "", &pluginbuild.CompileError{Err: fmt.Errorf("go build in %s failed (%v): fix the errors above", dir, err)}
	}
	return bin, nil
}
