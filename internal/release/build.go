package release

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"

	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/scratch"
)

// LDFlags are the linker flags of a release build: stripped, with the
// version written into the plugin's version package.
func LDFlags(vp VersionPackage, version, prerelease string) string {
	p := vp.LinkerPath()
	flags := fmt.Sprintf("-s -w -X %s.Version=%s -X %s.VersionPrerelease=%s", p, version, p, prerelease)
	if vp.HasMetadata {
		flags += " -X " + p + ".VersionMetadata="
	}
	return flags
}

// BuildArgs are the go command's arguments for one release binary. The bench
// script's plain loop uses the same flags.
func BuildArgs(ldflags, out, mainPkg string) []string {
	// -trimpath and -buildvcs=false keep paths and VCS state out of the
	// binary, so the same commit gives the same bytes anywhere.
	return []string{"build", "-trimpath", "-buildvcs=false", "-ldflags", ldflags, "-o", out, mainPkg}
}

// BuildEnv is the environment for one target: no cgo, GOARM=6 for arm.
func BuildEnv(base []string, t Target) []string {
	env := append([]string(nil), base...)
	env = append(env, "CGO_ENABLED=0", "GOOS="+t.OS, "GOARCH="+t.Arch)
	if t.Arch == "arm" {
		env = append(env, "GOARM=6")
	}
	return env
}

// goBuild builds mainPkg in dir for t into out.
func goBuild(ctx context.Context, goCmd, dir, mainPkg, ldflags, out string, t Target) error {
	cmd := exec.CommandContext(ctx, goCmd, BuildArgs(ldflags, out, mainPkg)...)
	cmd.Dir = dir
	cmd.Env = BuildEnv(os.Environ(), t)
	var output bytes.Buffer
	cmd.Stdout, cmd.Stderr = &output, &output
	if err := scratch.RunGo(cmd); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("go build for %s failed: %v\n%s", t, err, strings.TrimSpace(output.String()))
	}
	return nil
}

// checkDescribe runs the host binary's describe and checks the version the
// -X flags should have set.
func checkDescribe(ctx context.Context, bin string, plan Plan) (*harness.Description, error) {
	d, err := harness.Describe(ctx, bin)
	if err != nil {
		return nil, err
	}
	vp := plan.VersionPackage
	if d.Version != plan.FullVersion() {
		hint := fmt.Sprintf("the -X flag did not reach %s.Version: make main pass plugin.Set.SetVersion a version built from %s.Version and %s.VersionPrerelease, or name the right package with --version-package", vp.ImportPath, vp.ImportPath, vp.ImportPath)
		if strings.Contains(d.Version, "+") && !vp.HasMetadata {
			hint = "the version carries build metadata from a variable the release does not clear: name it VersionMetadata next to Version in " + vp.ImportPath
		}
		return d, &VerifyError{Problems: []string{fmt.Sprintf("describe reports %s, want %s: %s", d.Version, plan.FullVersion(), hint)}}
	}
	if err := validateAPIVersion(d.APIVersion); err != nil {
		return d, &VerifyError{Problems: []string{fmt.Sprintf("describe reports %v: build with packer-plugin-sdk v0.6.x", err)}}
	}
	return d, nil
}

func exeSuffix(t Target) string {
	if t.OS == "windows" {
		return ".exe"
	}
	return ""
}
