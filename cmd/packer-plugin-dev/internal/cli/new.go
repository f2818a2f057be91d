package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/mod/semver"

	"github.com/packer-plugin-dev/packer-plugin-dev/internal/buildinfo"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/prompt"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/scaffold"
)

// NewOptions holds what `new` was asked to do.
type NewOptions struct {
	Factory *Factory
	Kind    string
	Name    string
	Dir     string
	Module  string
	Owner   string
	Desc    string
	Force   bool
	NoGit   bool
	// License is the SPDX id of the project's LICENSE, or "none".
	License string
	// Add are more components, <kind>:<name> each, as `add` adds them.
	Add []string
	add []scaffold.Component
}

// NewCmdNew builds `packer-plugin-dev new`. runF replaces the work in tests.
func NewCmdNew(f *Factory, runF func(*NewOptions) error) *cobra.Command {
	opts := &NewOptions{Factory: f}
	kinds := kindNames()
	cmd := &cobra.Command{
		Use:         "new <kind> <name>",
		Short:       "Generate a complete Packer plugin project",
		Annotations: map[string]string{interruptedAnnotation: "nothing was written: new writes the project all at once, at the end"},
		Long: fmt.Sprintf(`Generate a complete packer-TYPE-NAME plugin project for one component,
registered under the plugin's own name (HCL2: <kind> "<name>"). --add adds
more, each registered under its own name, exactly as "add" would.

<kind> is one of: %s.
<name> is the component's name as users write it in HCL2, e.g.
post-processor "compress-manifest". It takes lowercase letters, digits
and single dashes, at most 64 characters, with no "packer-" prefix, as
Packer requires.

The project builds at once (go.mod, complete go.sum, packer-sdc as a go tool),
has unit tests, an example template, docs, a GNUmakefile, a GoReleaser config
with Packer's release names, GitHub Actions workflows, and passes
"packer-plugin-dev test" unchanged.

With a terminal, missing values are asked for. Without one (or with CI=true)
nothing is asked: a missing value is an error naming the flag.`, strings.Join(kinds, ", ")),
		Example: `  packer-plugin-dev new post-processor compress-manifest --owner acme
  packer-plugin-dev new builder tarball --module example.com/infra/packer-plugin-tarball --dir ./tarball
  packer-plugin-dev new post-processor compress --owner acme --add builder:tarball --add datasource:facts
  packer-plugin-dev new   # asks for everything on a terminal`,
		Args: cobra.MaximumNArgs(2),
		ValidArgsFunction: func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
			if len(args) == 0 {
				return kinds, cobra.ShellCompDirectiveNoFileComp
			}
			return nil, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				opts.Kind = args[0]
			}
			if len(args) > 1 {
				opts.Name = args[1]
			}
			if err := opts.complete(); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return newRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Dir, "dir", "", "output folder (default ./packer-<kind>-<name>)")
	fl.StringVar(&opts.Module, "module", "", "Go module path (default github.com/<owner>/packer-plugin-<name>)")
	fl.StringVar(&opts.Owner, "owner", "", "GitHub owner the module path and release source are derived from")
	fl.StringVar(&opts.Desc, "description", "", "one-line description of the component")
	fl.BoolVar(&opts.Force, "force", false, "write into a non-empty folder, overwriting the files this command generates")
	fl.BoolVar(&opts.NoGit, "no-git", false, "do not run git init and make an initial commit")
	fl.StringVar(&opts.License, "license", "", fmt.Sprintf("LICENSE to write and declare in .web-docs/metadata.hcl: %s (default %s)", strings.Join(scaffold.Licenses, ", "), scaffold.DefaultLicense))
	_ = cmd.RegisterFlagCompletionFunc("license", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return scaffold.Licenses, cobra.ShellCompDirectiveNoFileComp
	})
	fl.StringArrayVar(&opts.Add, "add", nil, "also add component `kind:name`, registered under its own name, as the add command does (repeatable)")
	_ = cmd.RegisterFlagCompletionFunc("dir", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return nil, cobra.ShellCompDirectiveFilterDirs
	})
	return cmd
}

func kindNames() []string {
	var out []string
	for _, k := range scaffold.Kinds {
		out = append(out, string(k))
	}
	return out
}

// complete fills missing values from prompts on a terminal, or fails with a
// usage error naming the flag when there is none, then validates everything.
func (o *NewOptions) complete() error {
	ios := o.Factory.IOStreams
	ask := ios.CanPrompt()
	p := o.Factory.Prompter

	// What the flags say is checked before any question is asked.
	if o.Owner != "" {
		if err := scaffold.ValidateOwner(o.Owner); err != nil {
			return flagErrorf("--owner: %s", err)
		}
	}
	if o.Module != "" {
		if err := scaffold.ValidateModule(o.Module); err != nil {
			return flagErrorf("--module: %s", err)
		}
	}
	if o.License != "" {
		l, err := scaffold.ParseLicense(o.License)
		if err != nil {
			return flagErrorf("--license: %s", err)
		}
		o.License = l
	}

	kind, err := askKindAndName(p, ask, "new", &o.Kind, &o.Name, "Component name (lowercase letters, digits and dashes, as written in HCL2, e.g. compress-manifest):")
	if err != nil {
		return err
	}
	o.Kind = string(kind)

	if err := scaffold.ValidateName(o.Name); err != nil {
		return flagErrorf("%s", err)
	}
	// Said now, before any other question: on a terminal the author may
	// choose another name at once.
	for {
		warn, collides := scaffold.BuiltinCollision(kind, o.Name)
		if !collides {
			break
		}
		fmt.Fprintf(ios.ErrOut, "Warning: %s\n", warn)
		if !ask {
			break
		}
		keep := "keep " + o.Name
		choice, err := p.Select("Packer's built-in shadows this name. Choose another?", []string{"choose another name", keep}, "choose another name")
		if err != nil {
			return err
		}
		if choice == keep {
			break
		}
		n, err := p.Input("Component name:", "", scaffold.ValidateName)
		if err != nil {
			return err
		}
		o.Name = n
	}

	if o.Owner != "" {
		if err := scaffold.ValidateOwner(o.Owner); err != nil {
			return flagErrorf("--owner: %s", err)
		}
	}
	if o.Module == "" {
		switch {
		case o.Owner != "":
			o.Module = scaffold.DefaultModule(o.Owner, o.Name)
		case ask:
			def := scaffold.DefaultModule(guessOwner(o.Factory), o.Name)
			m, err := p.Input("Go module path:", def, scaffold.ValidateModule)
			if err != nil {
				return err
			}
			o.Module = m
		default:
			return flagErrorf("--module or --owner is required when not running interactively, e.g. --owner acme gives %s", scaffold.DefaultModule("acme", o.Name))
		}
	}
	if err := scaffold.ValidateModule(o.Module); err != nil {
		return flagErrorf("--module: %s", err)
	}
	if err := scaffold.ModuleNamesPlugin(o.Module, o.Name); err != nil {
		return flagErrorf("--module: %s", err)
	}

	if o.Desc == "" && ask {
		d, err := p.Input("One-line description (optional):", "", nil)
		if err != nil {
			return err
		}
		o.Desc = d
	}
	if o.License == "" {
		o.License = scaffold.DefaultLicense
		if ask {
			l, err := p.Select("License (written to LICENSE, declared in .web-docs/metadata.hcl)?", scaffold.Licenses, scaffold.DefaultLicense)
			if err != nil {
				return err
			}
			o.License = l
		}
	}
	for _, a := range o.Add {
		k, n, ok := strings.Cut(a, ":")
		kind, err := scaffold.ParseKind(k)
		if !ok || err != nil {
			return flagErrorf("--add %q: write <kind>:<name>, with kind one of %s, e.g. --add builder:tarball", a, strings.Join(kindNames(), ", "))
		}
		if err := scaffold.ValidateName(n); err != nil {
			return flagErrorf("--add %q: component %s", a, strings.TrimPrefix(err.Error(), "plugin "))
		}
		o.add = append(o.add, scaffold.Component{Kind: kind, Name: n})
	}
	if o.Dir == "" {
		o.Dir = "packer-" + o.Kind + "-" + o.Name
	}
	return nil
}

// guessOwner proposes a GitHub owner for the default module path: the
// configured GitHub user, else the login name when it is a valid owner.
func guessOwner(f *Factory) string {
	for _, c := range []string{f.gitConfig("github.user"), f.Getenv("USER")} {
		if c != "" && scaffold.ValidateOwner(c) == nil {
			return c
		}
	}
	return "your-org"
}

func newRun(ctx context.Context, o *NewOptions) error {
	ios := o.Factory.IOStreams
	project, err := scaffold.Render(scaffold.Options{
		Kind:        scaffold.Kind(o.Kind),
		Name:        o.Name,
		Module:      o.Module,
		Description: o.Desc,
		Owner:       o.Owner,
		Add:         o.add,
		License:     o.License,
		ToolVersion: releaseVersion(),
	})
	if err != nil {
		return err
	}
	for _, w := range project.Warnings {
		fmt.Fprintf(ios.ErrOut, "Warning: %s\n", w)
	}
	replaced := project.Replaces(o.Dir)
	if err := project.Write(o.Dir, o.Force); err != nil {
		return err
	}
	if len(replaced) > 0 {
		fmt.Fprintf(ios.ErrOut, "Replaced %d existing files (--force): %s\n", len(replaced), strings.Join(replaced, ", "))
	}
	fmt.Fprintf(ios.Out, "Created %s: %s %q, module %s (%d files)\n", o.Dir, o.Kind, o.Name, o.Module, len(project.Files))
	for _, c := range o.add {
		fmt.Fprintf(ios.Out, "  with %s %q\n", c.Kind, c.Name)
	}
	if !o.NoGit {
		if err := gitInit(ctx, o.Factory, o.Dir); err != nil {
			if ctx.Err() != nil {
				return &InterruptedError{Summary: fmt.Sprintf("interrupted: the project is complete in %s, but git init did not finish: remove %s and run git init yourself", o.Dir, filepath.Join(o.Dir, ".git"))}
			}
			fmt.Fprintf(ios.ErrOut, "Warning: the project is complete, but git init failed: %s\n  Run git init yourself, or pass --no-git.\n", err)
		}
	}
	rel := o.Dir
	if !filepath.IsAbs(rel) && !strings.HasPrefix(rel, ".") {
		rel = "./" + rel
	}
	fmt.Fprintf(ios.Out, `
Next steps:
  cd %[1]s
  go test ./...                    # unit tests
  packer-plugin-dev test .         # conformance suite, as Packer core uses the plugin
  make install                     # build and install into Packer's plugin folder
`, rel)
	return nil
}

// gitInit makes the first commit of a new project. A missing git identity
// does not stop it: the commit is authored as packer-plugin-dev instead.
func gitInit(ctx context.Context, f *Factory, dir string) error {
	if _, err := exec.LookPath("git"); err != nil {
		return errors.New("git is not on PATH")
	}
	if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
		return nil // --force into an existing repository: leave its history alone
	}
	run := func(args ...string) error {
		cmd := exec.CommandContext(ctx, "git", args...)
		cmd.Dir = dir
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("git %s: %v: %s", args[0], err, strings.TrimSpace(stderr.String()))
		}
		return nil
	}
	ident := []string{}
	if f.gitConfig("user.email") == "" {
		ident = []string{"-c", "user.name=packer-plugin-dev", "-c", "user.email=packer-plugin-dev@users.noreply.github.com"}
	}
	if err := run("init", "-q", "-b", "main"); err != nil {
		return err
	}
	if err := run("add", "-A"); err != nil {
		return err
	}
	return run(append(ident, "commit", "-q", "-m", "Initial commit from packer-plugin-dev")...)
}

// releaseVersion is this packer-plugin-dev's version when it is a release
// (vX.Y.Z, as `go install ...@vX.Y.Z` records it), which the generated CI
// then installs; empty otherwise (a build from a checkout), and scaffold
// pins its own ToolVersion.
func releaseVersion() string {
	v := buildinfo.String()
	if !strings.HasPrefix(v, "v") {
		v = "v" + v
	}
	if semver.IsValid(v) && semver.Build(v) == "" {
		return v
	}
	return ""
}

// askKindAndName completes the <kind> and <name> arguments of new and add:
// asked on a terminal, a usage error naming them without one.
func askKindAndName(p prompt.Prompter, ask bool, command string, kind, name *string, namePrompt string) (scaffold.Kind, error) {
	if *kind == "" {
		if !ask {
			return "", flagErrorf("<kind> is required when not running interactively: one of %s", strings.Join(kindNames(), ", "))
		}
		k, err := p.Select("What kind of component?", kindNames(), "")
		if err != nil {
			return "", err
		}
		*kind = k
	}
	k, err := scaffold.ParseKind(*kind)
	if err != nil {
		return "", flagErrorf("unknown kind %q: use one of %s", *kind, strings.Join(kindNames(), ", "))
	}
	if *name == "" {
		if !ask {
			return "", flagErrorf("<name> is required when not running interactively, e.g. packer-plugin-dev %s %s my-%s", command, k, k)
		}
		n, err := p.Input(namePrompt, "", scaffold.ValidateName)
		if err != nil {
			return "", err
		}
		*name = n
	}
	return k, nil
}
