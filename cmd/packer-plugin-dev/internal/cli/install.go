package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/packer-plugin-dev/packer-plugin-dev/internal/pluginbuild"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/release"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/scratch"
)

// InstallOptions are the parsed flags of `install`.
type InstallOptions struct {
	Factory *Factory
	Path    string // a project folder or a built binary
	Source  string
	Version string
	Main    string
	Format  string
}

// NewCmdInstall builds `install`.
func NewCmdInstall(f *Factory, runF func(*InstallOptions) error) *cobra.Command {
	opts := &InstallOptions{Factory: f}
	cmd := &cobra.Command{
		Use:         "install [PATH|BINARY]",
		Short:       "Build a plugin and install it where Packer looks for it",
		Annotations: map[string]string{interruptedAnnotation: "the build or copy stopped; Packer's plugin folder holds no half-written file"},
		Long: `Build the host binary of the plugin in PATH (default: the current folder)
with prerelease "dev", or take an already built BINARY, and install it exactly
as "packer plugins install --path BINARY SOURCE" does:

  $PACKER_PLUGIN_PATH (else Packer's config folder, usually ~/.config/packer/plugins)
    /github.com/OWNER/NAME/packer-plugin-NAME_vX.Y.Z-dev_x5.0_OS_ARCH
    /github.com/OWNER/NAME/packer-plugin-NAME_vX.Y.Z-dev_x5.0_OS_ARCH_SHA256SUM

Then print the required_plugins block that makes a template use it.`,
		Example: `  packer-plugin-dev install
  packer-plugin-dev install ./packer-plugin-greet --source github.com/acme/greet
  packer-plugin-dev install ./bin/packer-plugin-greet --source github.com/acme/greet`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Path = "."
			if len(args) == 1 {
				opts.Path = args[0]
			}
			if err := validateTextOrJSON(opts.Format); err != nil {
				return err
			}
			if opts.Source != "" {
				if _, _, _, err := release.ParseSource(opts.Source); err != nil {
					return flagErrorf("--source: %v", err)
				}
			}
			if runF != nil {
				return runF(opts)
			}
			return installRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Source, "source", "", "plugin source github.com/OWNER/NAME (default from the module path github.com/OWNER/packer-plugin-NAME)")
	cmd.Flags().StringVar(&opts.Version, "version", "", "X.Y.Z to build as X.Y.Z-dev (default: the Version in the source)")
	cmd.Flags().StringVar(&opts.Main, "main", ".", "main package of the plugin, relative to PATH")
	cmd.Flags().StringVar(&opts.Format, "format", "text", "output format: text or json")
	_ = cmd.RegisterFlagCompletionFunc("format", textOrJSON)
	return cmd
}

func installRun(ctx context.Context, opts *InstallOptions) error {
	ios := opts.Factory.IOStreams
	pluginDir, err := release.PluginDir(opts.Factory.Getenv)
	if err != nil {
		return err
	}
	fi, err := os.Stat(opts.Path)
	if err != nil {
		return fmt.Errorf("%s: %w: give a plugin project folder or a built plugin binary", opts.Path, err)
	}
	bin := opts.Path
	source := opts.Source
	if fi.IsDir() {
		if opts.Version != "" {
			if err := release.ValidateReleaseVersion(opts.Version); err != nil {
				return flagErrorf("--version: %v", err)
			}
		}
		// Everything a build needs is checked before it starts: a Go
		// module, a main package, a plugin name and a source Packer takes.
		ro := release.Options{Dir: opts.Path, Main: opts.Main, Getenv: opts.Factory.Getenv}
		if source != "" {
			_, _, ro.Name, _ = release.ParseSource(source)
		}
		if err := pluginbuild.CheckMain(ctx, opts.Path, opts.Main); err != nil {
			return err
		}
		plan, err := release.ResolveProject(ro)
		if err != nil {
			return err
		}
		if source == "" {
			if source, err = release.DefaultSource(plan.Module, plan.Plugin); err != nil {
				return err
			}
		}
		tmp, err := scratch.MkdirTemp("", "packer-plugin-dev-install-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		bin = filepath.Join(tmp, "plugin")
		if release.Host().OS == "windows" {
			bin += ".exe"
		}
		fmt.Fprintf(ios.ErrOut, "Building %s for %s...\n", opts.Path, release.Host())
		if _, err := release.BuildDev(ctx, ro, opts.Version, bin); err != nil {
			return verifyFailure(ios.ErrOut, err)
		}
	} else if source == "" {
		return flagErrorf("--source github.com/OWNER/NAME is required when installing a binary: there is no module path to derive it from")
	}
	inst, err := release.InstallBinary(ctx, bin, source, pluginDir)
	if err != nil {
		return err
	}
	if opts.Format == "json" {
		return writeJSON(ios.Out, inst)
	}
	fmt.Fprintf(ios.ErrOut, "Installed %s %s as %s\n\nAdd this to your template:\n\n", inst.Source, inst.Version, inst.Path)
	fmt.Fprint(ios.Out, release.RequiredPlugins(inst.Source, inst.Version))
	return nil
}
