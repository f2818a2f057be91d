// Package upgrade moves a plugin project to another packer-plugin-sdk
// version and says what that changed in behaviour: the conformance
// verdicts before and after, check by check, and the files changed. A
// worse verdict or a failed step puts the project back byte for byte.
package upgrade

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"golang.org/x/mod/modfile"

	"github.com/packer-plugin-dev/packer-plugin-dev/conformance/report"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/pluginbuild"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/scratch"
)

// The SDK's module, and the go-cty replace every module importing its rpc
// package needs (the same line generated projects carry).
const (
	SDKModule   = "github.com/hashicorp/packer-plugin-sdk"
	CtyModule   = "github.com/zclconf/go-cty"
	CtyFork     = "github.com/nywilken/go-cty"
	CtyForkVers = "v1.13.3"
)

// Suite runs the conformance suite on a plugin binary built from the
// project dir and returns its report.
type Suite func(ctx context.Context, bin, dir string) (*report.Report, error)

// Options say what to upgrade.
type Options struct {
	Dir     string // the project's module root
	Version string // the SDK version to move to
	Keep    bool   // keep the changes even when the verdict is worse or a step failed
	Suite   Suite
	// Output receives progress and the go commands' output.
	Output io.Writer
}

// Result is what an upgrade did.
type Result struct {
	Module string         `json:"module"`
	From   string         `json:"from"`
	To     string         `json:"to"`
	Steps  []StepResult   `json:"steps"`
	Before *report.Report `json:"before,omitempty"`
	After  *report.Report `json:"after,omitempty"`
	Diff   *Diff          `json:"diff,omitempty"`
	Files  []FileChange   `json:"files"`
	// Failed is the step that failed, empty when every step ran.
	Failed string `json:"failed,omitempty"`
	// Restored says the project was put back as it was (a failed step or
	// a worse verdict, without Keep).
	Restored bool `json:"restored"`
}

// StepResult is one step of the pipeline and how it ended.
type StepResult struct {
	Name  string `json:"name"`
	Error string `json:"error,omitempty"`
}

// Worse says whether the upgrade failed a step or made a verdict worse.
func (r *Result) Worse() bool { return r.Failed != "" || (r.Diff != nil && r.Diff.Worse()) }

// step is one stage of the upgrade.
type step struct {
	name string
	run  func(ctx context.Context) error
}

// Upgrade runs the pipeline on o.Dir. The error is for what stops it
// before anything changed (not a plugin project, the current build does
// not build or the suite cannot run); a step that fails afterwards is in
// the Result, and the project is restored unless o.Keep.
func Upgrade(ctx context.Context, o Options) (*Result, error) {
	if o.Output == nil {
		o.Output = io.Discard
	}
	dir, err := filepath.Abs(o.Dir)
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		return nil, fmt.Errorf("%s has no go.mod (%v): give the plugin project's module root", dir, errors.Unwrap(err))
	}
	mf, err := modfile.ParseLax("go.mod", data, nil)
	if err != nil {
		return nil, err
	}
	res := &Result{To: o.Version, Files: []FileChange{}}
	if mf.Module != nil {
		res.Module = mf.Module.Mod.Path
	}
	for _, r := range mf.Require {
		if r.Mod.Path == SDKModule {
			res.From = r.Mod.Version
		}
	}
	if res.From == "" {
		return nil, fmt.Errorf("%s does not require %s: not a Packer plugin project", filepath.Join(dir, "go.mod"), SDKModule)
	}

	tmp, err := scratch.MkdirTemp("", "packer-plugin-dev-upgrade-")
	if err != nil {
		return nil, err
	}
	defer scratch.RemoveAll(tmp)
	for _, d := range []string{"snapshot", "before", "after", "bin"} {
		if err := os.Mkdir(filepath.Join(tmp, d), 0o755); err != nil {
			return nil, err
		}
	}

	// Before anything changes: the current build's verdict.
	fmt.Fprintf(o.Output, "==> suite on the current build (%s %s)\n", SDKModule, res.From)
	bin, err := pluginbuild.Build(ctx, dir, filepath.Join(tmp, "before"), o.Output)
	if err != nil {
		return nil, fmt.Errorf("the project does not build as it is, so there is no verdict to compare with: %w", err)
	}
	if res.Before, err = o.Suite(ctx, bin, dir); err != nil {
		return nil, fmt.Errorf("suite on the current build: %w", err)
	}
	res.Steps = append(res.Steps, StepResult{Name: "suite on the current build"})
	snap, err := take(dir, filepath.Join(tmp, "snapshot"))
	if err != nil {
		return nil, fmt.Errorf("keeping a copy of the project: %w", err)
	}

	gocmd := func(env []string, args ...string) func(ctx context.Context) error {
		return func(ctx context.Context) error { return goRun(ctx, dir, o.Output, env, args...) }
	}
	var genEnv []string
	steps := []step{
		// The fork first, so that the new SDK resolves against it.
		{"go mod edit -replace " + CtyModule + "=" + CtyFork + "@" + CtyForkVers,
			gocmd(nil, "mod", "edit", "-replace="+CtyModule+"="+CtyFork+"@"+CtyForkVers)},
		{"go get " + SDKModule + "@" + o.Version, gocmd(nil, "get", SDKModule+"@"+o.Version)},
		{"go mod tidy", gocmd(nil, "mod", "tidy")},
		// go:generate lines that run packer-sdc from PATH (HashiCorp's
		// template installs it with its Makefile) get the new version's.
		{"packer-sdc " + o.Version + " for go:generate lines that run it from PATH", func(ctx context.Context) error {
			if !generatesWithPathSDC(dir) {
				return nil
			}
			binDir := filepath.Join(tmp, "bin")
			if err := buildSDC(ctx, filepath.Join(tmp, "sdc"), binDir, o.Version, o.Output); err != nil {
				return err
			}
			genEnv = []string{"PATH=" + binDir + string(os.PathListSeparator) + os.Getenv("PATH")}
			return nil
		}},
		{"go generate ./...", func(ctx context.Context) error { return goRun(ctx, dir, o.Output, genEnv, "generate", "./...") }},
		{"go build", func(ctx context.Context) error {
			b, err := pluginbuild.Build(ctx, dir, filepath.Join(tmp, "after"), o.Output)
			bin = b
			return err
		}},
		{"go test ./...", gocmd(nil, "test", "./...")},
		{"suite on the new build", func(ctx context.Context) error {
			r, err := o.Suite(ctx, bin, dir)
			res.After = r
			return err
		}},
	}
	for _, s := range steps {
		fmt.Fprintf(o.Output, "==> %s\n", s.name)
		sr := StepResult{Name: s.name}
		if err := s.run(ctx); err != nil {
			sr.Error = err.Error()
			res.Failed = s.name
			res.Steps = append(res.Steps, sr)
			break
		}
		res.Steps = append(res.Steps, sr)
	}
	if res.After != nil {
		d := Compare(res.Before, res.After)
		res.Diff = &d
	}
	if res.Files, err = snap.changes(); err != nil {
		return res, err
	}
	if res.Worse() && !o.Keep {
		if err := snap.restore(); err != nil {
			return res, fmt.Errorf("restoring the project: %w (its copy is lost with this run; see git)", err)
		}
		res.Restored = true
	}
	return res, nil
}

// goRun runs the go command in dir with extra environment.
func goRun(ctx context.Context, dir string, out io.Writer, env []string, args ...string) error {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var buf bytes.Buffer
	cmd.Stdout = io.MultiWriter(out, &buf)
	cmd.Stderr = io.MultiWriter(out, &buf)
	if err := scratch.RunGo(cmd); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("go %s: %v: %s", strings.Join(args, " "), err, lastLines(buf.String(), 5))
	}
	return nil
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "; ")
}

// generatesWithPathSDC says whether a go:generate line of the project runs
// packer-sdc from PATH rather than as a go.mod tool.
func generatesWithPathSDC(dir string) bool {
	found := false
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || found {
			return filepath.SkipDir
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "vendor") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(path, ".go") {
			data, err := os.ReadFile(path)
			if err == nil && bytes.Contains(data, []byte("//go:generate packer-sdc ")) {
				found = true
			}
		}
		return nil
	})
	return found
}

// buildSDC builds packer-sdc at version into binDir, in a throw-away
// module (go install pkg@version lists versions, which the proxy may
// refuse for hashicorp modules).
func buildSDC(ctx context.Context, modDir, binDir, version string, out io.Writer) error {
	if err := os.MkdirAll(modDir, 0o755); err != nil {
		return err
	}
	gomod := fmt.Sprintf("module packer-sdc-build\n\ngo 1.24\n\nrequire %s %s\n\nreplace %s => %s %s\n", SDKModule, version, CtyModule, CtyFork, CtyForkVers)
	if err := os.WriteFile(filepath.Join(modDir, "go.mod"), []byte(gomod), 0o644); err != nil {
		return err
	}
	return goRun(ctx, modDir, out, []string{"GOFLAGS=-mod=mod"}, "build", "-o", filepath.Join(binDir, "packer-sdc"), SDKModule+"/cmd/packer-sdc")
}
