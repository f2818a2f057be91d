package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/packer-plugin-dev/packer-plugin-dev/conformance"
	"github.com/packer-plugin-dev/packer-plugin-dev/conformance/report"
	"github.com/packer-plugin-dev/packer-plugin-dev/conformance/sample"
	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/debugger"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/scratch"
)

// DebugOptions hold what `debug` was asked to do.
type DebugOptions struct {
	Factory *Factory
	// Path is a plugin project folder (the harness drives the plugin) or
	// a Packer template, file or folder (real Packer drives it).
	Path       string
	Run        string
	Components []string
	ConfigFile string
	Listen     string
	Breaks     []string
	Continue   bool
	Dlv        string
	// Packer mode.
	Project    string
	Source     string
	Packer     string
	Validate   bool
	PackerArgs []string
}

// defaultDebugRun selects each kind's main scenario: what runs the
// author's Configure and then its Run, Provision, PostProcess or Execute.
const defaultDebugRun = `^(builder\.run|provisioner\.provision|postprocess\.result|datasource\.output)$`

// NewCmdDebug builds `packer-plugin-dev debug`.
func NewCmdDebug(f *Factory, runF func(*DebugOptions) error) *cobra.Command {
	opts := &DebugOptions{Factory: f}
	cmd := &cobra.Command{
		Use:   "debug [PATH | TEMPLATE] [-- PACKER-ARGS]",
		Short: "Run a plugin under Delve while the harness, or real Packer, drives it",
		Long: `Build the plugin with optimisations off (-gcflags="all=-N -l") and start it
under Delve headless, so your IDE attaches while the plugin is driven as
Packer core drives it. Delve ` + debugger.DelveVersion + ` is installed from the Go module
proxy (go install) into the user cache the first time, unless --dlv.

PATH, a plugin project folder (default "."): the conformance harness drives
each component's main scenario (--run selects others by check id): every
plugin process it starts runs under Delve at --listen (a process started
while an earlier one still holds it, such as the component's setup process,
gets a free port, printed), and the harness waits as long as the debugger
holds it (no deadline fires).

TEMPLATE, a Packer template file (*.pkr.hcl, *.pkr.json) or a folder of
them: real "packer build" (or "packer validate" with --validate) runs it
with the plugin installed into a throw-away PACKER_PLUGIN_PATH; each plugin
process Packer starts runs under Delve. Packer gives a plugin 60 s to
start: with --break the plugin runs at once and stops at your breakpoints,
where your IDE finds it whenever it attaches; without, attach and continue
within the 60 s.

Breakpoints (--break) take Delve's locations: 'pkg.(*Builder).Prepare',
'builder.go:42', '/abs/path/builder.go:42'. The RPC session's keepalive is
answered while the plugin is held, so a breakpoint may hold it for as long
as you like. Ctrl-C ends the plugin, Delve and everything they started.`,
		Example: `  packer-plugin-dev debug                                  # the project here, each main scenario
  packer-plugin-dev debug --component builder.foo --break 'foo.(*Builder).Prepare'
  packer-plugin-dev debug example/foo.pkr.hcl --break 'foo.(*Builder).Run'
  packer-plugin-dev debug example/foo.pkr.hcl --validate -- -var region=eu`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if at := cmd.ArgsLenAtDash(); at >= 0 {
				opts.PackerArgs = args[at:]
				args = args[:at]
			}
			if len(args) > 1 {
				return flagErrorf("debug takes one PATH or TEMPLATE, got %d: %s", len(args), strings.Join(args, " "))
			}
			opts.Path = "."
			if len(args) == 1 {
				opts.Path = args[0]
			}
			if err := opts.validate(); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			if opts.packerMode() {
				return debugPackerRun(cmd.Context(), opts)
			}
			return debugRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Listen, "listen", debugger.DefaultListen, "address Delve listens on for your IDE")
	fl.StringArrayVar(&opts.Breaks, "break", nil, "set a breakpoint before the plugin runs, then continue it (repeatable)")
	fl.BoolVar(&opts.Continue, "continue", false, "without --break: run the plugin at once instead of waiting for a debugger")
	fl.StringVar(&opts.Dlv, "dlv", "", "dlv binary to use (default: Delve "+debugger.DelveVersion+", installed into the user cache when missing)")
	fl.StringVar(&opts.Run, "run", "", "project: checks to drive, a regular expression of check ids (default: each kind's main scenario)")
	fl.StringSliceVar(&opts.Components, "component", nil, "project: only these components, as kind.name (repeatable)")
	fl.StringVar(&opts.ConfigFile, "config", "", "project: sample configuration file (default: conformance.pkr.hcl in the project)")
	fl.StringVar(&opts.Project, "project", "", "template: the plugin's project folder (default: the nearest folder with a go.mod above the template, else .)")
	fl.StringVar(&opts.Source, "source", "", "template: the plugin's source github.com/OWNER/NAME (default from the module path)")
	fl.StringVar(&opts.Packer, "packer", "", "template: packer binary (default $PACKER, else packer on PATH)")
	fl.BoolVar(&opts.Validate, "validate", false, "template: run packer validate instead of packer build")
	return cmd
}

func (o *DebugOptions) validate() error {
	if _, err := os.Stat(o.Path); err != nil {
		return flagErrorf("%s: %v; give a plugin project folder or a Packer template", o.Path, errors.Unwrap(err))
	}
	if o.Continue && len(o.Breaks) > 0 {
		return flagErrorf("--continue and --break exclude each other: with --break the plugin is continued once they are set")
	}
	if o.packerMode() {
		if o.Run != "" || len(o.Components) > 0 || o.ConfigFile != "" {
			return flagErrorf("--run, --component and --config select what the harness drives; with a template Packer drives the plugin")
		}
		return nil
	}
	if o.Project != "" || o.Source != "" || o.Packer != "" || o.Validate || len(o.PackerArgs) > 0 {
		return flagErrorf("--project, --source, --packer, --validate and Packer arguments go with a TEMPLATE; %s is a plugin project", o.Path)
	}
	if _, err := conformance.ParseComponents(o.Components); err != nil {
		return flagErrorf("--component: %v", err)
	}
	if err := (conformance.Filter{Run: o.Run}).Validate(); err != nil {
		return flagErrorf("%v", err)
	}
	return nil
}

// packerMode says whether Path is a template (or a folder of them, not a
// Go module) for real Packer to run.
func (o *DebugOptions) packerMode() bool {
	fi, err := os.Stat(o.Path)
	if err != nil {
		return false
	}
	if !fi.IsDir() {
		return isTemplate(o.Path)
	}
	if _, err := os.Stat(filepath.Join(o.Path, "go.mod")); err == nil {
		return false
	}
	hcl, _ := filepath.Glob(filepath.Join(o.Path, "*.pkr.hcl"))
	js, _ := filepath.Glob(filepath.Join(o.Path, "*.pkr.json"))
	return len(hcl)+len(js) > 0
}

func isTemplate(path string) bool {
	return strings.HasSuffix(path, ".pkr.hcl") || strings.HasSuffix(path, ".pkr.json") || strings.HasSuffix(path, ".json")
}

// dlvBinary is --dlv, or the pinned Delve, installed when missing.
func (o *DebugOptions) dlvBinary(ctx context.Context) (string, error) {
	if o.Dlv != "" {
		return o.Dlv, nil
	}
	return debugger.Ensure(ctx, o.Factory.Getenv, o.Factory.IOStreams.ErrOut)
}

// prepare finds Delve (installing it when missing) and builds the project
// for debugging into a scratch folder tmp, which the caller removes.
func (o *DebugOptions) prepare(ctx context.Context, project string) (dlv, tmp, bin string, err error) {
	if dlv, err = o.dlvBinary(ctx); err != nil {
		return "", "", "", err
	}
	if tmp, err = scratch.MkdirTemp("", "packer-plugin-dev-debug-"); err != nil {
		return "", "", "", err
	}
	if bin, err = debugger.Build(ctx, project, tmp, o.Factory.IOStreams.ErrOut); err != nil {
		scratch.RemoveAll(tmp)
		return "", "", "", err
	}
	return dlv, tmp, bin, nil
}

// debugRun builds the project for debugging and has the harness drive the
// selected scenarios, each plugin process under Delve.
func debugRun(ctx context.Context, opts *DebugOptions) error {
	ios := opts.Factory.IOStreams
	if opts.Factory.Getenv("PACKER_LOG") == "" {
		log.SetOutput(io.Discard)
	}
	project, err := filepath.Abs(opts.Path)
	if err != nil {
		return err
	}
	dlv, tmp, bin, err := opts.prepare(ctx, project)
	if err != nil {
		return err
	}
	defer scratch.RemoveAll(tmp)
	sampleConfig := opts.ConfigFile
	if sampleConfig == "" {
		sampleConfig = sample.Find(project)
	}
	only, _ := conformance.ParseComponents(opts.Components)
	run := opts.Run
	if run == "" {
		run = defaultDebugRun
	}

	var mu sync.Mutex
	n := 0
	ready := func(ctx context.Context, c harness.Component, addr string) error {
		mu.Lock()
		defer mu.Unlock()
		n++
		if n == 1 {
			fmt.Fprint(ios.ErrOut, debugger.Instructions(addr))
		}
		fmt.Fprintf(ios.ErrOut, "\n%s %s, plugin process %d: under Delve at %s\n", c.Kind, c.Name, n, addr)
		switch {
		case len(opts.Breaks) > 0:
			bps, err := debugger.Preset(ctx, addr, opts.Breaks)
			if err != nil {
				return err
			}
			for _, bp := range bps {
				fmt.Fprintf(ios.ErrOut, "  breakpoint %d at %s:%d (%s)\n", bp.ID, bp.File, bp.Line, bp.FunctionName)
			}
			fmt.Fprintf(ios.ErrOut, "  running; attach at %s whenever you like\n", addr)
		case opts.Continue:
			fmt.Fprintf(ios.ErrOut, "  running; attach at %s whenever you like\n", addr)
		default:
			fmt.Fprintf(ios.ErrOut, "  waiting at its entry: attach, set breakpoints and continue (no deadline)\n")
		}
		return nil
	}
	r, err := conformance.RunSuite(ctx, conformance.Options{
		Binary:       bin,
		Path:         opts.Path,
		SampleConfig: sampleConfig,
		ProjectDir:   project,
		Filter:       conformance.Filter{Run: run},
		Parallel:     1, // one scenario at a time
		Only:         only,
		Harness: harness.Options{
			LogWriter: ios.ErrOut,
			Debugger:  &harness.Debugger{Dlv: dlv, Listen: opts.Listen, Continue: opts.Continue, Ready: ready},
		},
	})
	if r == nil {
		return err
	}
	fmt.Fprintln(ios.ErrOut)
	if err := report.Write(ios.Out, r.Report, "text", ios.ColorEnabled()); err != nil {
		return err
	}
	switch {
	case r.Interrupted:
		return &InterruptedError{Summary: "interrupted: the plugin, Delve and what they started were ended"}
	case r.Counts().Fail > 0:
		return &FailedError{Summary: "a scenario failed under the debugger"}
	}
	return nil
}
