package cli

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/packer-plugin-dev/packer-plugin-dev/internal/buildinfo"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/iostreams"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/prompt"
)

// Main runs the command line and returns the process exit code.
func Main() ExitCode {
	ios := iostreams.System()
	f := &Factory{
		IOStreams: ios,
		Prompter:  prompt.NewSystem(),
		Getenv:    os.Getenv,
		GitConfig: systemGitConfig,
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return Run(ctx, f, os.Args[1:])
}

// Run executes the command tree with args; tests call it directly.
func Run(ctx context.Context, f *Factory, args []string) ExitCode {
	root := NewCmdRoot(f)
	root.SetArgs(args)
	cmd, err := root.ExecuteContextC(ctx)
	err = asInterrupted(ctx, cmd, err)
	code := exitCodeFor(err)
	// A failed check was reported by the command itself; anything else is
	// said here, once. A usage error is the error and where to read more,
	// not the whole help.
	switch code {
	case ExitError:
		fmt.Fprintf(f.IOStreams.ErrOut, "Error: %s\n", err)
		if isUsageError(err) {
			fmt.Fprintf(f.IOStreams.ErrOut, "Run '%s --help' for usage.\n", cmd.CommandPath())
		}
	case ExitIncomplete, ExitInterrupted:
		fmt.Fprintf(f.IOStreams.ErrOut, "%s\n", err)
	}
	return code
}

// NewCmdRoot builds the whole command tree.
func NewCmdRoot(f *Factory) *cobra.Command {
	root := &cobra.Command{
		Use:   "packer-plugin-dev <command>",
		Short: "Scaffold, test and release HashiCorp Packer plugins",
		Long: `packer-plugin-dev helps you write HashiCorp Packer plugins: scaffold one
that builds and runs at once, check it against the contract Packer core relies
on, and release it under the names Packer's installer accepts.`,
		Example: `  packer-plugin-dev new post-processor compress-manifest --owner acme
  packer-plugin-dev test ./packer-post-processor-compress-manifest
  packer-plugin-dev release --version 1.0.0`,
		Version:       buildinfo.Full(),
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.SetOut(f.IOStreams.Out)
	root.SetErr(f.IOStreams.ErrOut)
	root.SetIn(f.IOStreams.In)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &FlagError{err: err} })
	root.SetVersionTemplate("packer-plugin-dev {{.Version}}\n")
	cobra.AddTemplateFunc("exitCodeHelp", exitCodeHelp)
	root.SetUsageTemplate(root.UsageTemplate() + `{{with exitCodeHelp .}}
{{.}}{{end}}`)

	// Every command, in the order a plugin's life takes them.
	root.AddCommand(
		NewCmdNew(f, nil),
		NewCmdAdd(f, nil),
		NewCmdTest(f, nil),
		NewCmdDebug(f, nil),
		NewCmdSchema(f, nil),
		NewCmdRelease(f, nil),
		NewCmdInstall(f, nil),
		NewCmdUpgradeSDK(f, nil),
		NewCmdVersion(f),
		NewCmdWorld(f),
	)
	root.SetHelpCommand(newCmdHelp(root))
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() == "completion" {
			strictCompletion(c)
		}
	}
	typeArgErrors(root)
	return root
}

// newCmdHelp is `help [command]`, where an unknown topic is a usage error
// (cobra's own prints usage and exits 0).
func newCmdHelp(root *cobra.Command) *cobra.Command {
	return &cobra.Command{
		Use:     "help [command]",
		Short:   "Help about any command",
		Example: "  packer-plugin-dev help\n  packer-plugin-dev help test",
		RunE: func(_ *cobra.Command, args []string) error {
			cmd, rest, err := root.Find(args)
			if err != nil || len(rest) > 0 {
				return flagErrorf("unknown help topic %q: run packer-plugin-dev help for the commands", strings.Join(args, " "))
			}
			return cmd.Help()
		},
	}
}

// strictCompletion makes `completion SHELL` reject a shell it does not know
// (cobra's prints help and exits 0).
func strictCompletion(c *cobra.Command) {
	var shells []string
	for _, sub := range c.Commands() {
		shells = append(shells, sub.Name())
	}
	c.Example = `  packer-plugin-dev completion bash > /etc/bash_completion.d/packer-plugin-dev
  packer-plugin-dev completion zsh > "${fpath[1]}/_packer-plugin-dev"
  packer-plugin-dev completion fish > ~/.config/fish/completions/packer-plugin-dev.fish`
	c.Args = cobra.ArbitraryArgs
	c.RunE = func(cmd *cobra.Command, args []string) error {
		if len(args) > 0 {
			return flagErrorf("completion %s: no such shell; use one of %s", args[0], strings.Join(shells, ", "))
		}
		return cmd.Help()
	}
}

// typeArgErrors makes the errors of every command's argument validator
// (cobra.ExactArgs and friends, which cobra returns untyped) usage errors.
func typeArgErrors(c *cobra.Command) {
	if args := c.Args; args != nil {
		c.Args = func(cmd *cobra.Command, a []string) error {
			if err := args(cmd, a); err != nil {
				return &FlagError{err: err}
			}
			return nil
		}
	}
	for _, sub := range c.Commands() {
		typeArgErrors(sub)
	}
}

// NewCmdVersion prints the tool's version.
func NewCmdVersion(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print the version of packer-plugin-dev",
		Example: "  packer-plugin-dev version\n  packer-plugin-dev --version",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			fmt.Fprintf(f.IOStreams.Out, "packer-plugin-dev %s\n", buildinfo.Full())
			return nil
		},
	}
}
