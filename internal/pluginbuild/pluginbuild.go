// Package pluginbuild builds a plugin project folder into a binary, for
// `packer-plugin-dev test PATH` and `install`. The conformance package
// itself never starts a process other than the plugin's.
package pluginbuild

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/packer-plugin-dev/packer-plugin-dev/internal/naming"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/scratch"
)

// CheckMain says, before a build, why dir's package pkg cannot be a plugin
// binary: no Go module around it, or not a main package.
func CheckMain(ctx context.Context, dir, pkg string) error {
	cmd := exec.CommandContext(ctx, "go", "list", "-f", "{{.Name}}", pkg)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	switch {
	case err != nil && strings.Contains(stderr.String(), "go.mod file not found"):
		return fmt.Errorf("%s is not in a Go module (no go.mod here or above): give your plugin's project folder, or a built plugin binary", dir)
	case err != nil:
		return fmt.Errorf("go list in %s: %s", dir, strings.TrimSpace(stderr.String()))
	}
	if name := strings.TrimSpace(string(out)); name != "main" {
		return fmt.Errorf("%s holds package %s, not a main package: give the folder of the plugin's main package (the one with func main and plugin.NewSet), or a built plugin binary", filepath.Join(dir, pkg), name)
	}
	return nil
}

// Build checks that dir holds a main package (CheckMain), then runs
// `go build` on it as releases build it
// (CGO_ENABLED=0, -trimpath: Packer's official template and `release` do),
// writing the binary into outDir under the name naming.BinaryName
// gives, and returns its path. The go command's output goes to output as
// it comes.
func Build(ctx context.Context, dir, outDir string, output io.Writer) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	if err := CheckMain(ctx, dir, "."); err != nil {
		return "", err
	}
	fmt.Fprintf(output, "building %s\n", dir)
	bin := filepath.Join(outDir, naming.BinaryName(abs))
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-o", bin, ".")
	cmd.Dir = abs
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	cmd.Stdout = output
	cmd.Stderr = output
	if err := scratch.RunGo(cmd); err != nil {
		return "", &CompileError{fmt.Errorf("go build in %s failed (%v)", dir, err)}
	}
	return bin, nil
}

// CompileError is a build that the compiler refused; its messages went to
// the build's output.
type CompileError struct{ Err error }

func (e *CompileError) Error() string { return e.Err.Error() }
func (e *CompileError) Unwrap() error { return e.Err }
