package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/packer-plugin-dev/packer-plugin-dev/internal/scaffold"
)

// AddOptions holds what `add` was asked to do.
type AddOptions struct {
	Factory *Factory
	Kind    string
	Name    string
	Dir     string // the project, default "."
	Desc    string
	Force   bool
}

// NewCmdAdd builds `packer-plugin-dev add`. runF replaces the work in tests.
func NewCmdAdd(f *Factory, runF func(*AddOptions) error) *cobra.Command {
	opts := &AddOptions{Factory: f}
	kinds := kindNames()
	cmd := &cobra.Command{
		Use:         "add <kind> <name> [PATH]",
		Short:       "Add a component to an existing plugin project",
		Annotations: map[string]string{interruptedAnnotation: "nothing was changed in the project: add writes all at once, at the end"},
		Long: fmt.Sprintf(`Add a component to the plugin project in PATH (default: the current folder):
its package under <kind>/<name>/ with config, HCL2 spec, implementation and
unit tests, a docs page, an example template and a conformance.pkr.hcl
block, registered in main.go. go.mod and go.sum get what it needs.

<kind> is one of: %s.
<name> takes lowercase letters, digits and single dashes. main.go registers
the component under it, so HCL2 templates write <plugin>-<name>: adding
builder "tarball" to plugin "acme" gives source "acme-tarball".

The project may come from "packer-plugin-dev new" (add writes at its
packer-plugin-dev markers) or from HashiCorp's packer-plugin-scaffolding
(add writes next to the plugin.NewSet() registrations, and says what to
add by hand where it cannot). Adding a component that is there already
changes nothing. Files are rendered in memory and written at once; an
existing file with other content is only replaced with --force.

With a terminal, missing values are asked for. Without one (or with CI=true)
nothing is asked: a missing value is an error naming what to pass.`, strings.Join(kinds, ", ")),
		Example: `  packer-plugin-dev add builder tarball
  packer-plugin-dev add post-processor sha-manifest ./packer-plugin-acme
  packer-plugin-dev add data-source team-info --description 'Reads team facts'`,
		Args: cobra.MaximumNArgs(3),
		ValidArgsFunction: func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
			switch len(args) {
			case 0:
				return kinds, cobra.ShellCompDirectiveNoFileComp
			case 2:
				return nil, cobra.ShellCompDirectiveFilterDirs
			}
			return nil, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Dir = "."
			if len(args) > 0 {
				opts.Kind = args[0]
			}
			if len(args) > 1 {
				opts.Name = args[1]
			}
			if len(args) > 2 {
				opts.Dir = args[2]
			}
			if err := opts.complete(); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return addRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Desc, "description", "", "one-line description of the component")
	fl.BoolVar(&opts.Force, "force", false, "replace existing files of the component that have other content")
	return cmd
}

// complete fills missing values from prompts on a terminal, or fails with a
// usage error naming them when there is none, then validates everything.
func (o *AddOptions) complete() error {
	ask := o.Factory.IOStreams.CanPrompt()
	p := o.Factory.Prompter
	if st, err := os.Stat(o.Dir); err != nil || !st.IsDir() {
		return flagErrorf("PATH %s is not a folder: give the plugin project's folder (the one with go.mod and main.go)", o.Dir)
	}
	kind, err := askKindAndName(p, ask, "add", &o.Kind, &o.Name, "Component name (lowercase letters, digits and dashes, e.g. tarball):")
	if err != nil {
		return err
	}
	o.Kind = string(kind)
	if err := scaffold.ValidateName(o.Name); err != nil {
		return flagErrorf("<name>: component %s", strings.TrimPrefix(err.Error(), "plugin "))
	}
	if o.Desc == "" && ask {
		d, err := p.Input("One-line description (optional):", "", nil)
		if err != nil {
			return err
		}
		o.Desc = d
	}
	return nil
}

func addRun(ctx context.Context, o *AddOptions) error {
	ios := o.Factory.IOStreams
	a, err := scaffold.PlanAdd(ctx, o.Dir, scaffold.Component{Kind: scaffold.Kind(o.Kind), Name: o.Name, Description: o.Desc})
	if err != nil {
		return err
	}
	for _, w := range a.Warnings {
		fmt.Fprintf(ios.ErrOut, "Warning: %s\n", w)
	}
	if a.Already {
		fmt.Fprintf(ios.Out, "%s %q is already in %s (HCL2 %s): nothing changed\n", a.Kind, a.Name, o.Dir, hclUse(a))
		return nil
	}
	if err := a.Write(o.Force); err != nil {
		return err
	}
	if o.Force && len(a.Clashes) > 0 {
		fmt.Fprintf(ios.ErrOut, "Replaced %d existing files (--force): %s\n", len(a.Clashes), strings.Join(a.Clashes, ", "))
	}
	fmt.Fprintf(ios.Out, "Added %s %q to %s, used in HCL2 as %s\n", a.Kind, a.Name, o.Dir, hclUse(a))
	if len(a.Created) > 0 {
		fmt.Fprintf(ios.Out, "  created: %s\n", strings.Join(a.Created, ", "))
	}
	if len(a.Changed) > 0 {
		fmt.Fprintf(ios.Out, "  changed: %s\n", strings.Join(a.Changed, ", "))
	}
	if a.Tidied {
		fmt.Fprintf(ios.Out, "  go.mod: raised to what the component needs (go %s, packer-plugin-sdk %s) and tidied with go mod tidy\n", a.GoVersion, scaffold.SDKVersion)
	}
	for _, n := range a.Notes {
		fmt.Fprintf(ios.ErrOut, "To do: %s\n", n)
	}
	fmt.Fprintf(ios.Out, `
Next steps:
  go test ./...
  packer-plugin-dev test %s
  make install && packer validate example/%s.pkr.hcl
`, shellPath(o.Dir), a.Name)
	return nil
}

// hclUse is how a template uses the component: source "acme-tarball".
func hclUse(a *scaffold.Addition) string {
	return fmt.Sprintf("%s %q", a.Kind.HCLBlock(), a.Address)
}

// shellPath is dir as a user types it: ./dir for a relative path.
func shellPath(dir string) string {
	if !filepath.IsAbs(dir) && !strings.HasPrefix(dir, ".") {
		return "./" + dir
	}
	return dir
}
