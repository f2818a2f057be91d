package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/packer-plugin-dev/packer-plugin-dev/internal/release"
)

// ReleaseOptions are the parsed flags of `release`.
type ReleaseOptions struct {
	Factory        *Factory
	Dir            string
	Version        string
	Snapshot       bool
	OutDir         string
	Targets        []release.Target
	Name           string
	VersionPackage string
	Main           string
	Parallel       int
	SignKey        string
	Format         string
}

// NewCmdRelease builds `release`.
func NewCmdRelease(f *Factory, runF func(*ReleaseOptions) error) *cobra.Command {
	opts := &ReleaseOptions{Factory: f}
	var targets string
	cmd := &cobra.Command{
		Use:         "release [PATH] --version X.Y.Z",
		Short:       "Cross-compile and package a plugin under the names Packer installs",
		Annotations: map[string]string{interruptedAnnotation: "the output folder is as it was: a release is staged and moves in only once verified"},
		Long: `Build the plugin in PATH (default: the current folder) for every platform
Packer's release template builds, and write, in --out:

  packer-plugin-NAME_vX.Y.Z_x5.0_OS_ARCH.zip   one binary each, named like the zip
  packer-plugin-NAME_vX.Y.Z_SHA256SUMS          every line newline-terminated

Builds use CGO_ENABLED=0, -trimpath, -buildvcs=false, -ldflags "-s -w -X ...",
GOARM=6, and set Version and VersionPrerelease in the plugin's version package,
found in the module (the package declaring both). The host binary's describe
gives the API version and must report X.Y.Z. Before reporting success every
name is parsed as Packer's installer parses it and every checksum is checked.
Archives are reproducible: the same commit gives the same bytes. Files an
earlier release of the same plugin version left in --out are replaced.`,
		Example: `  packer-plugin-dev release --version 1.2.0
  packer-plugin-dev release ./packer-plugin-greet --version 1.2.0 --targets linux/amd64,darwin/arm64
  packer-plugin-dev release --snapshot --format json
  packer-plugin-dev release --version 1.2.0 --sign 0xDEADBEEF`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Dir = "."
			if len(args) == 1 {
				opts.Dir = args[0]
			}
			if opts.Snapshot && opts.Version != "" {
				return flagErrorf("--snapshot and --version exclude each other: a snapshot takes its version from git")
			}
			if !opts.Snapshot && opts.Version == "" {
				return flagErrorf("--version X.Y.Z is required (or --snapshot for a development build)")
			}
			if err := validateTextOrJSON(opts.Format); err != nil {
				return err
			}
			if opts.Parallel < 1 {
				return flagErrorf("--parallel %d: want 1 or more", opts.Parallel)
			}
			if cmd.Flags().Changed("targets") {
				ts, err := release.ParseTargets(targets)
				if err != nil {
					return flagErrorf("--targets: %v", err)
				}
				opts.Targets = ts
			}
			if runF != nil {
				return runF(opts)
			}
			return releaseRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Version, "version", "", "release version X.Y.Z (the git tag is vX.Y.Z)")
	fl.BoolVar(&opts.Snapshot, "snapshot", false, "development build: version from git describe, prerelease dev")
	fl.StringVar(&opts.OutDir, "out", "", "output folder (default PATH/dist)")
	fl.StringVar(&targets, "targets", "", "comma-separated os/arch list (default: the 21 release targets)")
	fl.StringVar(&opts.Name, "name", "", "plugin NAME in packer-plugin-NAME (default from the module path or folder)")
	fl.StringVar(&opts.VersionPackage, "version-package", "", "import path of the package declaring Version and VersionPrerelease (default: found)")
	fl.StringVar(&opts.Main, "main", ".", "main package of the plugin, relative to PATH")
	fl.IntVar(&opts.Parallel, "parallel", 2, "go builds to run at once")
	fl.StringVar(&opts.SignKey, "sign", "", "gpg key id: write a detached signature of the checksum file")
	fl.StringVar(&opts.Format, "format", "text", "output format: text or json")
	var all []string
	for _, t := range release.DefaultTargets {
		all = append(all, t.String())
	}
	_ = cmd.RegisterFlagCompletionFunc("targets", func(_ *cobra.Command, _ []string, typed string) ([]string, cobra.ShellCompDirective) {
		// A comma-separated list: complete its last element.
		done := typed[:strings.LastIndex(typed, ",")+1]
		var out []string
		for _, t := range all {
			out = append(out, done+t)
		}
		return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
	})
	_ = cmd.RegisterFlagCompletionFunc("format", textOrJSON)
	return cmd
}

// textOrJSON completes a --format that takes text or json.
// textOrJSON completes --format of the commands that print text or JSON.
var textOrJSON = fixed([]string{"text", "json"}, cobra.ShellCompDirectiveNoFileComp)

func releaseRun(ctx context.Context, opts *ReleaseOptions) error {
	ios := opts.Factory.IOStreams
	total, finished := len(opts.Targets), 0
	if total == 0 {
		total = len(release.DefaultTargets)
	}
	ro := release.Options{
		Dir: opts.Dir, Version: opts.Version, Snapshot: opts.Snapshot, Name: opts.Name,
		VersionPackage: opts.VersionPackage, Main: opts.Main, Targets: opts.Targets, OutDir: opts.OutDir,
		Parallel: opts.Parallel, SignKey: opts.SignKey, Getenv: opts.Factory.Getenv,
		Warn: func(w string) { fmt.Fprintf(ios.ErrOut, "Warning: %s\n", w) },
		Progress: func(a release.Archive) {
			finished++
			fmt.Fprintf(ios.ErrOut, "[%2d/%d] %-15s %8s  built in %-6s %s\n", finished, total, a.Target, humanSize(a.Size), a.Build.Round(100*time.Millisecond), a.File)
		},
	}
	res, err := release.Release(ctx, ro)
	if err != nil {
		return verifyFailure(ios.ErrOut, err)
	}
	if opts.Format == "json" {
		return writeJSON(ios.Out, res)
	}
	printReleaseSummary(ios.Out, res)
	return nil
}

func printReleaseSummary(w io.Writer, res *release.Result) {
	fmt.Fprintf(w, "Released %s %s (api %s) of %s; version set in %s\n\n", res.Plugin, res.Version, res.APIVersion, res.Module, res.VersionPackage)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TARGET\tSIZE\tSHA256\tARCHIVE")
	for _, a := range res.Archives {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", a.Target, humanSize(a.Size), a.SHA256[:12], a.File)
	}
	tw.Flush()
	fmt.Fprintf(w, "\nChecksums: %s\n", filepath.Join(res.OutDir, res.Checksums))
	if res.Signature != "" {
		fmt.Fprintf(w, "Signature: %s\n", filepath.Join(res.OutDir, res.Signature))
	}
	noun := "archives"
	if len(res.Archives) == 1 {
		noun = "archive"
	}
	fmt.Fprintf(w, "%d %s verified in %s\n", len(res.Archives), noun, res.Elapsed.Round(100*time.Millisecond))
}

func humanSize(n int64) string {
	return fmt.Sprintf("%.1f MB", float64(n)/1e6)
}

// The helpers below are shared by release and install.

// validateTextOrJSON checks a --format that takes text or json.
func validateTextOrJSON(format string) error {
	if format != "text" && format != "json" {
		return flagErrorf("--format %q: want text or json", format)
	}
	return nil
}

// verifyFailure turns a release.VerifyError (the build ran, a check of its
// output failed) into a FailedError, printing its problems; other errors
// pass through.
func verifyFailure(errOut io.Writer, err error) error {
	var verr *release.VerifyError
	if errors.As(err, &verr) {
		fmt.Fprintf(errOut, "%s\n", verr)
		return &FailedError{Summary: verr.Error()}
	}
	return err
}

// writeJSON writes v as indented JSON, the --format json output.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
