// Package repro turns a finding into something its author runs in real
// Packer, and runs it: a folder with a minimal template that uses only the
// component and Packer's built-ins, a README saying what real Packer will
// do wrong, and repro.sh, which installs the plugin into a throw-away
// plugin folder and HOME, runs the Packer command with $PACKER (else
// packer on PATH), and exits 1 when the misbehaviour shows, 0 when it does
// not, 2 when it could not tell.
//
// What a check's repro shows is the check's own recipe (package
// conformance); this package writes the folders and runs them.
package repro

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/packer-plugin-dev/packer-plugin-dev/conformance/report"
	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/naming"
)

// Case is what a finding's repro is made of: the result it reproduces,
// the component as the check configured it, details of the finding, and
// the recipe that turns them into a Plan.
type Case struct {
	// Key names the result, Status and Message are its verdict.
	Key     report.Key
	Status  report.Status
	Message string
	// Component is the component checked; zero for a plugin-wide check.
	Component harness.Component
	// Body is the configuration as HCL2 attributes and blocks, JSON the
	// same as a legacy JSON template gives it.
	Body string
	JSON map[string]any
	// Detail is check-specific: "key", "value", "error", ...
	Detail map[string]string
	// Env is what the component's conformance block adds to the plugin's
	// environment ("NAME=value"): repro.sh exports it, so real Packer runs
	// the plugin as the check ran it.
	Env    []string
	Recipe Recipe
}

// Recipe builds the repro of a finding: the files besides repro.sh's
// common part, the command, and the check that tells whether real Packer
// misbehaved. A nil Plan means the finding has no repro after all.
type Recipe func(c *Case, e *Env) (*Plan, error)

// Env is what every recipe knows about the plugin.
type Env struct {
	// Plugin is the plugin's name, as installed ("repro" when unnamed).
	Plugin string
	// CancelTimeout is how long a cancelled build may take, in seconds.
	CancelTimeout int
	// Tool is this program, whose hidden world command the cancel repros
	// run ("" when it cannot be found).
	Tool string
}

// Source is where repro.sh installs the plugin from, github.com/<ns>/<plugin>.
func (e *Env) Source() string { return "github.com/packer-plugin-dev/" + e.Plugin }

// TemplateName is how the repro's templates call component c.
func (e *Env) TemplateName(c harness.Component) string {
	return naming.ComponentAddress(e.Plugin, c.Name)
}

// Plan is one repro: its files, what repro.sh runs, and the README's
// words.
type Plan struct {
	Files map[string]string
	// Run is the bash that runs Packer in "$work/build" and sets shown=1
	// when the misbehaviour shows (shown=2 when it cannot tell).
	Run string
	// Command is the Packer command, for the README and the report.
	Command string
	// Expect says what real Packer does wrong.
	Expect string
}

// Folder is one repro written: the result it reproduces, and what the
// report says of it (where it is and what it runs; once run, what real
// Packer did).
type Folder struct {
	Key report.Key
	report.Repro
}

// Repros indexes folders by result, as report.WithRepros takes them.
func Repros(folders []Folder) map[report.Key]report.Repro {
	out := make(map[report.Key]report.Repro, len(folders))
	for _, f := range folders {
		out[f.Key] = f.Repro
	}
	return out
}

// Write writes a repro folder under dir for every case whose recipe makes
// one, and copies the plugin binary bin into dir/plugin.
func Write(dir, bin string, env Env, cases []*Case) ([]Folder, error) {
	if env.Plugin == "" {
		env.Plugin = "repro"
	}
	if len(cases) == 0 {
		return nil, nil
	}
	pluginDir := filepath.Join(dir, "plugin")
	if err := os.MkdirAll(pluginDir, 0o755); err != nil {
		return nil, err
	}
	installed := filepath.Join(pluginDir, naming.BinaryPrefix+env.Plugin)
	if err := copyFile(bin, installed, 0o755); err != nil {
		return nil, fmt.Errorf("copying the plugin into the repro folder: %w", err)
	}
	var out []Folder
	for _, c := range cases {
		plan, err := c.Recipe(c, &env)
		if err != nil {
			return nil, err
		}
		if plan == nil {
			continue
		}
		name := c.Key.ID
		if c.Component.Kind != "" {
			name = fmt.Sprintf("%s-%s-%s", c.Key.Kind, c.Key.Name, c.Key.ID)
		}
		folder := filepath.Join(dir, name)
		if err := writeFolder(folder, c, plan, &env); err != nil {
			return nil, err
		}
		out = append(out, Folder{Key: c.Key, Repro: report.Repro{Dir: folder, Command: plan.Command}})
	}
	return out, nil
}

func writeFolder(folder string, c *Case, plan *Plan, env *Env) error {
	if err := os.MkdirAll(folder, 0o755); err != nil {
		return err
	}
	for name, content := range plan.Files {
		if err := os.WriteFile(filepath.Join(folder, name), []byte(content), 0o644); err != nil {
			return err
		}
	}
	var script bytes.Buffer
	if err := reproScript.Execute(&script, map[string]string{
		"Check": c.Key.ID, "Plugin": env.Plugin, "Source": env.Source(), "Run": plan.Run, "Command": plan.Command,
		"Env": exports(c.Env),
	}); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(folder, "repro.sh"), script.Bytes(), 0o755); err != nil {
		return err
	}
	verdict := "failed this check"
	if c.Status == report.Warn {
		verdict = "warned on this check (a risk real Packer shows with some templates, such as this one)"
	}
	readme := fmt.Sprintf("# %s: %s\n\n`packer-plugin-dev test` %s:\n\n```\n%s\n```\n\n"+
		"## What real Packer does\n\n%s\n\n## Run it\n\n```sh\nPACKER=/path/to/packer bash repro.sh   # or packer on PATH\n```\n\n"+
		"repro.sh installs the plugin (`../plugin`) into a throw-away plugin folder and HOME, runs\n\n```sh\n%s\n```\n\n"+
		"in a throw-away folder, and exits 1 when real Packer shows the misbehaviour, 0 when it does not,\n2 when it could not tell. Nothing outside the throw-away folder is touched.\n",
		c.Key.ID, subject(c, env.Plugin), verdict, c.Message, plan.Expect, plan.Command)
	return os.WriteFile(filepath.Join(folder, "README.md"), []byte(readme), 0o644)
}

// exports is the bash that exports env ("NAME=value" each) to Packer,
// which passes its whole environment to the plugins it starts. A name
// bash cannot export is said so in a comment.
func exports(env []string) string {
	var b strings.Builder
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		if !shellName.MatchString(k) {
			fmt.Fprintf(&b, "# not exported, bash cannot name it: %s\n", strings.ReplaceAll(k, "\n", " "))
			continue
		}
		fmt.Fprintf(&b, "export %s=%s\n", k, ShellQuote(v))
	}
	return b.String()
}

var shellName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// subject names what a repro is about.
func subject(c *Case, plugin string) string {
	if c.Component.Kind == "" {
		return naming.BinaryPrefix + plugin
	}
	name := c.Component.Name
	if name == naming.DefaultComponent {
		name = plugin
	}
	return fmt.Sprintf("%s %q of %s%s", c.Component.Kind, name, naming.BinaryPrefix, plugin)
}

func copyFile(from, to string, mode os.FileMode) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, mode)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
