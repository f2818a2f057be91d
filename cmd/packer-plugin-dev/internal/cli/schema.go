package cli

import (
	"context"
	"errors"
	"io"
	"log"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/packer-plugin-dev/packer-plugin-dev/internal/schema"
)

// SchemaOptions are the parsed flags of `schema`.
type SchemaOptions struct {
	Factory *Factory
	Path    string // a project folder or a built binary
	Format  string
}

// NewCmdSchema builds `schema`.
func NewCmdSchema(f *Factory, runF func(*SchemaOptions) error) *cobra.Command {
	opts := &SchemaOptions{Factory: f}
	cmd := &cobra.Command{
		Use:         "schema [PATH|BINARY]",
		Short:       "Print every component's configuration schema, read from the live plugin",
		Annotations: map[string]string{interruptedAnnotation: "no schema was printed"},
		Long: `Build the plugin in PATH (default: the current folder), or take a built
BINARY, start each component as Packer core does and print its configuration
schema: every attribute and nested block of its HCL2 spec with its type and
whether it is required, and a datasource's output, each with its text from the
project's docs when they document it. The keys core injects (packer_*) are
left out.

--format json is the shape of "terraform providers schema -json";
--format markdown lists attributes as packer-sdc struct-markdown writes them,
required first, to feed docs.`,
		Example: `  packer-plugin-dev schema
  packer-plugin-dev schema ./packer-plugin-tarball --format markdown
  packer-plugin-dev schema ./bin/packer-plugin-tarball | jq '.components[].config.attributes | keys'`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Path = "."
			if len(args) == 1 {
				opts.Path = args[0]
			}
			if !slices.Contains(schema.Formats, opts.Format) {
				return flagErrorf("--format %q: want %s", opts.Format, strings.Join(schema.Formats, " or "))
			}
			if runF != nil {
				return runF(opts)
			}
			return schemaRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Format, "format", "json", "output format: "+strings.Join(schema.Formats, " or "))
	_ = cmd.RegisterFlagCompletionFunc("format", fixed(schema.Formats, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func schemaRun(ctx context.Context, opts *SchemaOptions) error {
	ios := opts.Factory.IOStreams
	if opts.Factory.Getenv("PACKER_LOG") == "" {
		log.SetOutput(io.Discard) // the SDK's RPC client logs every call
	}
	bin, _, projectDir, cleanup, err := pluginBinary(ctx, opts.Path, ios.ErrOut)
	if err != nil {
		return err
	}
	defer cleanup()
	p, err := schema.Read(ctx, bin, schema.Options{ProjectDir: projectDir})
	if p == nil {
		return err
	}
	// What could be read is printed even when a component failed.
	return errors.Join(schema.Write(ios.Out, p, opts.Format), err)
}
