package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"slices"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/packer-plugin-dev/packer-plugin-dev/conformance"
	"github.com/packer-plugin-dev/packer-plugin-dev/conformance/report"
	"github.com/packer-plugin-dev/packer-plugin-dev/conformance/repro"
	"github.com/packer-plugin-dev/packer-plugin-dev/conformance/sample"
	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/scratch"
)

// TestOptions holds what `test` was asked to do.
type TestOptions struct {
	Factory         *Factory
	Path            string
	ConfigFile      string
	Format          string
	Run             string
	Skip            []string
	CancelTimeout   time.Duration
	CallTimeout     time.Duration
	Parallel        int
	List            bool
	Components      []string
	AllowIncomplete bool
	ReproDir        string
	Packer          string
	packerBin       string // Packer resolved
	packerVersion   string // what it says it is: "Packer v1.16.0"
}

// NewCmdTest builds `packer-plugin-dev test`. runF replaces the work in tests.
func NewCmdTest(f *Factory, runF func(*TestOptions) error) *cobra.Command {
	opts := &TestOptions{Factory: f}
	cmd := &cobra.Command{
		Use:   "test [PATH]",
		Short: "Check a plugin against the contract Packer core relies on",
		Long: `Check a plugin against the contract Packer core relies on, by playing
Packer core against it: describe, then every applicable check for every
component the plugin lists, each scenario in a fresh plugin process and
sandbox, with every file, network and process side effect observed.

PATH is a plugin project folder (any folder with a main package; it is built
with "go build" into a temporary binary) or a plugin binary. Default ".".

Each component is configured by its block in the sample configuration,
` + sample.FileName + ` in the project folder (or next to the binary), or --config;
else by a block of the project's example templates (*.pkr.hcl); else with
the empty configuration. The report says which:

  post-processor "compress" {
    output = "out.tar.gz"
    conformance {                      # optional, never sent to the plugin
      env = { TOKEN = "test" }
      input_artifact { builder_id = "acme.tarball" }
    }
  }

FAIL means real Packer misbehaves with the plugin; WARN is a risk core does
not rely on; SKIP says why a scenario did not run. Every check has a stable
id (see --list and docs/checks.md). The report goes to stdout (text, json or
junit); progress and build output go to stderr. A component without a
configuration it accepts makes the run incomplete (exit 3) unless
--allow-incomplete.`,
		Example: `  packer-plugin-dev test
  packer-plugin-dev test ./packer-plugin-acme --format junit > conformance.xml
  packer-plugin-dev test bin/packer-plugin-acme --run '^postprocess\.' --skip postprocess.cancel
  packer-plugin-dev test --list
  packer-plugin-dev test --repro ./repro --packer auto`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
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
			return testRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.ConfigFile, "config", "", "sample configuration file (default: "+sample.FileName+" in the project, if present)")
	fl.StringVar(&opts.Format, "format", "text", "report format: "+strings.Join(report.Formats, ", "))
	fl.StringVar(&opts.Run, "run", "", "run only checks whose id matches this regular expression")
	fl.StringSliceVar(&opts.Skip, "skip", nil, "skip the check with this id (repeatable, or comma-separated)")
	fl.DurationVar(&opts.CancelTimeout, "cancel-timeout", conformance.DefaultCancelTimeout, "how long a cancelled Run, Provision or PostProcess may take to return")
	fl.DurationVar(&opts.CallTimeout, "call-timeout", harness.DefaultCallTimeout, "deadline of each call to the plugin but a cancelled one; a plugin that does not answer is killed and the check says so: a hung ConfigSpec or Prepare/Configure fails (packer validate would hang), a Run, Provision, PostProcess or Execute that outlasts it is skipped and the run is incomplete")
	fl.IntVar(&opts.Parallel, "parallel", 0, "plugin processes run at once (default: number of CPUs)")
	fl.StringSliceVar(&opts.Components, "component", nil, "check only this component, written <kind>/<name> (repeatable)")
	fl.BoolVar(&opts.List, "list", false, "list the checks and exit")
	fl.StringVar(&opts.ReproDir, "repro", "", "write a folder per failure with a minimal template and repro.sh that shows it in real Packer (DIR must be new or empty)")
	fl.StringVar(&opts.Packer, "packer", "", "run the repros with this Packer binary (or auto: packer on PATH) and mark each failure confirmed or not")
	completeTestFlags(cmd)
	fl.BoolVar(&opts.AllowIncomplete, "allow-incomplete", false, "exit 0 even when checks that matter could not run (no valid configuration for a component, a sample block naming no component, a filter matching nothing)")
	return cmd
}

// completeTestFlags offers the values each flag takes: formats, check ids,
// component kinds.
func completeTestFlags(cmd *cobra.Command) {
	var ids []string
	for _, c := range conformance.Checks() {
		ids = append(ids, c.ID)
	}
	var kinds []string
	for _, k := range harness.Kinds {
		kinds = append(kinds, string(k)+"/")
	}
	_ = cmd.RegisterFlagCompletionFunc("format", fixed(report.Formats, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("skip", fixed(ids, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("run", fixed(ids, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("component", fixed(kinds, cobra.ShellCompDirectiveNoFileComp|cobra.ShellCompDirectiveNoSpace))
	_ = cmd.RegisterFlagCompletionFunc("packer", fixed([]string{"auto"}, cobra.ShellCompDirectiveDefault))
	_ = cmd.RegisterFlagCompletionFunc("repro", fixed(nil, cobra.ShellCompDirectiveFilterDirs))
}

func (o *TestOptions) validate() error {
	if !slices.Contains(report.Formats, o.Format) {
		return flagErrorf("--format %q: use one of %s", o.Format, strings.Join(report.Formats, ", "))
	}
	if o.CancelTimeout <= 0 {
		return flagErrorf("--cancel-timeout must be positive, got %v", o.CancelTimeout)
	}
	if o.CallTimeout <= 0 {
		return flagErrorf("--call-timeout must be positive, got %v", o.CallTimeout)
	}
	if o.Parallel < 0 {
		return flagErrorf("--parallel must be positive, got %d", o.Parallel)
	}
	if _, err := conformance.ParseComponents(o.Components); err != nil {
		return flagErrorf("--component: %v", err)
	}
	if err := (conformance.Filter{Run: o.Run, Skip: o.Skip}).Validate(); err != nil {
		return flagErrorf("%v", err)
	}
	if o.List {
		return nil
	}
	if o.Packer != "" {
		// Checked now, before anything is built: a binary that is not
		// Packer would confirm or refute nothing.
		bin, version, err := resolvePacker(o.Packer)
		if err != nil {
			return flagErrorf("%v", err)
		}
		o.packerBin, o.packerVersion = bin, version
	}
	if o.ReproDir != "" {
		if entries, err := os.ReadDir(o.ReproDir); err == nil && len(entries) > 0 {
			return flagErrorf("--repro %s: the folder is not empty; give a new or empty folder", o.ReproDir)
		}
	}
	if _, err := os.Stat(o.Path); err != nil {
		return flagErrorf("PATH %s: %v; give a plugin project folder or a plugin binary", o.Path, errors.Unwrap(err))
	}
	if o.ConfigFile != "" {
		if _, err := os.Stat(o.ConfigFile); err != nil {
			return flagErrorf("--config %s: %v", o.ConfigFile, errors.Unwrap(err))
		}
	}
	return nil
}

func testRun(ctx context.Context, opts *TestOptions) error {
	ios := opts.Factory.IOStreams
	if opts.List {
		return listChecks(ios.Out, opts.Format)
	}
	// The SDK's RPC client logs through the standard logger, as it does
	// inside Packer where only PACKER_LOG=1 shows it.
	if opts.Factory.Getenv("PACKER_LOG") == "" {
		log.SetOutput(io.Discard)
	}

	// A pipe or CI reading JSON or JUnit gets a report even when a tool
	// error stops the run: one that says nothing was checked, and why.
	toolError := func(err error) error {
		if opts.Format != "text" {
			if werr := report.Write(ios.Out, report.ToolError(opts.Path, err), opts.Format, false); werr != nil {
				return errors.Join(err, werr)
			}
		}
		return err
	}
	bin, sampleDir, projectDir, cleanup, err := pluginBinary(ctx, opts.Path, ios.ErrOut)
	if err != nil {
		return toolError(err)
	}
	defer cleanup()
	sampleConfig := opts.ConfigFile
	if sampleConfig == "" {
		sampleConfig = sample.Find(sampleDir)
	}

	only, _ := conformance.ParseComponents(opts.Components)
	progress := newProgress(ios.ErrOut, ios.IsStderrTTY())
	// The report names what was given: the project folder, say, rather
	// than the binary built from it.
	path := opts.Path
	if path == bin {
		path = ""
	}
	run, err := conformance.RunSuite(ctx, conformance.Options{
		Binary:        bin,
		Path:          path,
		SampleConfig:  sampleConfig,
		ProjectDir:    projectDir,
		Filter:        conformance.Filter{Run: opts.Run, Skip: opts.Skip},
		CancelTimeout: opts.CancelTimeout,
		CallTimeout:   opts.CallTimeout,
		Parallel:      opts.Parallel,
		Only:          only,
		Progress:      progress.update,
	})
	progress.done()
	if run == nil {
		return toolError(err)
	}
	// An interrupted run still reports what finished.
	r := run.Report
	if !r.Interrupted {
		if r, err = reproduce(ctx, opts, run, bin, ios.ErrOut); err != nil {
			return err
		}
	}
	if err := report.Write(ios.Out, r, opts.Format, ios.ColorEnabled()); err != nil {
		return err
	}
	n := r.Counts()
	switch {
	case r.Interrupted:
		return &InterruptedError{Summary: "interrupted: the report holds the checks that finished; the others are skipped, or failed on what they had already seen"}
	case n.Fail > 0:
		return &FailedError{Summary: fmt.Sprintf("%d of %d checks failed", n.Fail, n.Total())}
	case len(r.Incomplete) > 0 && !opts.AllowIncomplete:
		return &IncompleteError{Summary: "incomplete: nothing failed, but not everything that matters could be checked (see \"incomplete\" in the report); fix what it lists, or pass --allow-incomplete"}
	}
	return nil
}

// checkInfo is one check as --list --format json gives it.
type checkInfo struct {
	ID        string   `json:"id"`
	AppliesTo []string `json:"applies_to"`
	Summary   string   `json:"summary"`
}

func listChecks(w io.Writer, format string) error {
	if format != "text" {
		if format != "json" {
			return flagErrorf("--list --format %s: use text or json", format)
		}
		infos := []checkInfo{}
		for _, c := range conformance.Checks() {
			kinds := []string{}
			for _, k := range c.Kinds {
				kinds = append(kinds, string(k))
			}
			infos = append(infos, checkInfo{ID: c.ID, AppliesTo: kinds, Summary: c.Summary})
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(infos)
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tAPPLIES TO\tCHECKS THAT")
	for _, c := range conformance.Checks() {
		kinds := "plugin"
		if len(c.Kinds) > 0 {
			var ks []string
			for _, k := range c.Kinds {
				ks = append(ks, string(k))
			}
			kinds = strings.Join(ks, ",")
			if len(c.Kinds) == 4 {
				kinds = "every component"
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", c.ID, kinds, c.Summary)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w, "\nA crash fails the first check that provokes it, with the panic text and the plugin's log of that call;\nthe checks that would crash the same way say they were not judged.")
	return nil
}

// progress shows the suite advancing on stderr: one redrawn line on a
// terminal, nothing but failures as they happen elsewhere (CI logs).
type progress struct {
	w   io.Writer
	tty bool
	mu  sync.Mutex
	n   int
}

func newProgress(w io.Writer, tty bool) *progress { return &progress{w: w, tty: tty} }

func (p *progress) update(ev conformance.Progress) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.tty {
		line := fmt.Sprintf("[%d/%d] %s: %s %s", ev.Done, ev.Total, ev.Component, ev.Result.ID, ev.Result.Status)
		fmt.Fprintf(p.w, "\r\x1b[K%s", line)
		p.n++
		return
	}
	if ev.Result.Status == report.Fail {
		fmt.Fprintf(p.w, "FAIL %s: %s\n", ev.Component, ev.Result.ID)
	}
}

func (p *progress) done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.tty && p.n > 0 {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}

// reproduce writes the failures' repros (--repro, or a temporary folder
// for --packer alone) and runs them with --packer: the run's report with
// them, a new value.
func reproduce(ctx context.Context, opts *TestOptions, run *conformance.Run, bin string, stderr io.Writer) (*report.Report, error) {
	dir := opts.ReproDir
	if dir == "" && opts.packerBin != "" {
		tmp, err := scratch.MkdirTemp("", "packer-plugin-dev-repro-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	if dir == "" {
		return run.Report, nil
	}
	tool, _ := os.Executable()
	env := repro.Env{Plugin: run.Plugin.Name, Tool: tool, CancelTimeout: int(opts.CancelTimeout.Seconds())}
	folders, err := repro.Write(dir, bin, env, run.Repros())
	if err != nil {
		return nil, fmt.Errorf("writing repros into %s: %w", dir, err)
	}
	if opts.packerBin != "" {
		folders = repro.Run(ctx, folders, opts.packerBin, opts.packerVersion, func(s string) { fmt.Fprintln(stderr, s) })
	}
	if opts.ReproDir == "" {
		// The folder goes away: the report must not point into it.
		for i := range folders {
			folders[i].Dir = ""
		}
	}
	return run.WithRepros(repro.Repros(folders)), nil
}
