package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"golang.org/x/mod/semver"

	"github.com/packer-plugin-dev/packer-plugin-dev/conformance"
	"github.com/packer-plugin-dev/packer-plugin-dev/conformance/report"
	"github.com/packer-plugin-dev/packer-plugin-dev/conformance/sample"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/scaffold"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/upgrade"
)

// UpgradeOptions hold what `upgrade-sdk` was asked to do.
type UpgradeOptions struct {
	Factory *Factory
	Version string
	Dir     string
	Keep    bool
	Format  string
}

// NewCmdUpgradeSDK builds `packer-plugin-dev upgrade-sdk`.
func NewCmdUpgradeSDK(f *Factory, runF func(*UpgradeOptions) error) *cobra.Command {
	opts := &UpgradeOptions{Factory: f}
	cmd := &cobra.Command{
		Use:   "upgrade-sdk [VERSION]",
		Short: "Move a plugin to another packer-plugin-sdk and show what changed in behaviour",
		Long: `Move the plugin project in --dir (default ".") to packer-plugin-sdk VERSION
(default ` + scaffold.SDKVersion + `, the one Packer 1.16.0 is built with and this tool pins), and
show what that changed, check by check.

In order: the conformance suite on the current build; the go-cty replace the
SDK needs (` + upgrade.CtyModule + ` => ` + upgrade.CtyFork + ` ` + upgrade.CtyForkVers + `);
go get the SDK; go mod tidy; go generate ./... (with packer-sdc VERSION on
PATH when a go:generate line runs it from PATH, as HashiCorp's template
does); go build; go test ./...; the suite on the new build. Then the
verdicts, fixed, broken and unchanged, and the files changed.

A failed step or a worse verdict puts the project back byte for byte as it
was (.git aside), unless --keep.`,
		Example: `  packer-plugin-dev upgrade-sdk
  packer-plugin-dev upgrade-sdk v0.6.10 --dir ./packer-plugin-acme
  packer-plugin-dev upgrade-sdk --keep --format json > upgrade.json`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Version = scaffold.SDKVersion
			if len(args) == 1 {
				opts.Version = args[0]
			}
			if !semver.IsValid(opts.Version) {
				return flagErrorf("VERSION %q is not a module version such as %s", opts.Version, scaffold.SDKVersion)
			}
			if err := validateTextOrJSON(opts.Format); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return upgradeRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Dir, "dir", ".", "the plugin project's module root")
	cmd.Flags().BoolVar(&opts.Keep, "keep", false, "keep the changes even when a step failed or a verdict got worse")
	cmd.Flags().StringVar(&opts.Format, "format", "text", "output format: text or json")
	_ = cmd.RegisterFlagCompletionFunc("format", textOrJSON)
	return cmd
}

func upgradeRun(ctx context.Context, opts *UpgradeOptions) error {
	ios := opts.Factory.IOStreams
	if opts.Factory.Getenv("PACKER_LOG") == "" {
		log.SetOutput(io.Discard)
	}
	suite := func(ctx context.Context, bin, dir string) (*report.Report, error) {
		run, err := conformance.RunSuite(ctx, conformance.Options{
			Binary:       bin,
			Path:         dir,
			SampleConfig: sample.Find(dir),
			ProjectDir:   dir,
		})
		if err != nil {
			return nil, err
		}
		return run.Report, nil
	}
	res, err := upgrade.Upgrade(ctx, upgrade.Options{Dir: opts.Dir, Version: opts.Version, Keep: opts.Keep, Suite: suite, Output: ios.ErrOut})
	if res == nil {
		return err
	}
	if opts.Format == "json" {
		enc := json.NewEncoder(ios.Out)
		enc.SetIndent("", "  ")
		if werr := enc.Encode(res); werr != nil {
			return werr
		}
	} else {
		writeUpgrade(ios.Out, res)
	}
	switch {
	case err != nil:
		return err
	case ctx.Err() != nil:
		return &InterruptedError{Summary: "interrupted: the project is as it was"}
	case res.Worse():
		return &FailedError{Summary: "upgrade-sdk: " + upgradeVerdict(res)}
	}
	return nil
}

// writeUpgrade renders the result as text: the diff check by check, the
// files changed, the outcome.
func writeUpgrade(w io.Writer, r *upgrade.Result) {
	fmt.Fprintf(w, "%s %s -> %s in %s\n", upgrade.SDKModule, r.From, r.To, r.Module)
	if r.Diff != nil {
		fmt.Fprintf(w, "\nverdicts, check by check (%d fixed, %d broken, %d unchanged):\n", len(r.Diff.Fixed), len(r.Diff.Broken), len(r.Diff.Unchanged))
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		row := func(what string, c upgrade.Change) {
			comp := "plugin"
			if c.Kind != "" {
				comp = c.Kind + " " + c.Name
			}
			verdict := string(c.After)
			if c.Before != c.After {
				verdict = orNone(c.Before) + " -> " + orNone(c.After)
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", what, comp, c.ID, verdict, upgradeMessage(c.Message))
		}
		for _, c := range r.Diff.Broken {
			row("broken", c)
		}
		for _, c := range r.Diff.Fixed {
			row("fixed", c)
		}
		for _, c := range r.Diff.Unchanged {
			row("unchanged", c)
		}
		tw.Flush()
	}
	fmt.Fprintf(w, "\nfiles changed (%d):\n", len(r.Files))
	for _, f := range r.Files {
		fmt.Fprintf(w, "  %s %s\n", f.Op, f.Path)
	}
	fmt.Fprintf(w, "\n%s\n", upgradeVerdict(r))
}

func upgradeVerdict(r *upgrade.Result) string {
	var why string
	switch {
	case r.Failed != "":
		for _, s := range r.Steps {
			if s.Name == r.Failed {
				why = "step " + r.Failed + " failed: " + s.Error
			}
		}
	case r.Diff != nil && r.Diff.Worse():
		why = fmt.Sprintf("%d verdict(s) got worse", len(r.Diff.Broken))
	default:
		return fmt.Sprintf("upgraded to %s: no verdict got worse", r.To)
	}
	if r.Restored {
		return why + "; the project is back as it was (--keep keeps the changes)"
	}
	return why + "; the changes are kept (--keep)"
}

// upgradeMessage is a verdict's message on one line.
func upgradeMessage(m string) string {
	line, _, _ := strings.Cut(m, "\n")
	return line
}

func orNone(s report.Status) string {
	if s == "" {
		return "none"
	}
	return string(s)
}
