package cli

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/packer-plugin-dev/packer-plugin-dev/internal/iostreams"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/scaffold"
)

// scriptedPrompter answers prompts from a list and records the questions.
type scriptedPrompter struct {
	answers []string
	asked   []string
}

func (p *scriptedPrompter) next(q string) (string, error) {
	p.asked = append(p.asked, q)
	if len(p.answers) == 0 {
		return "", fmt.Errorf("unexpected prompt %q", q)
	}
	a := p.answers[0]
	p.answers = p.answers[1:]
	return a, nil
}

func (p *scriptedPrompter) Select(msg string, options []string, _ string) (string, error) {
	a, err := p.next(msg)
	if err != nil {
		return "", err
	}
	for _, o := range options {
		if o == a {
			return a, nil
		}
	}
	return "", fmt.Errorf("answer %q is not among %v", a, options)
}

func (p *scriptedPrompter) Input(msg, def string, validate func(string) error) (string, error) {
	a, err := p.next(msg)
	if err != nil {
		return "", err
	}
	if a == "" {
		a = def
	}
	if validate != nil {
		if err := validate(a); err != nil {
			return "", fmt.Errorf("validator rejected %q: %w", a, err)
		}
	}
	return a, nil
}

func runNew(t *testing.T, tty bool, p *scriptedPrompter, args ...string) (*NewOptions, ExitCode, string) {
	t.Helper()
	ios, _, _, errOut := iostreams.Test()
	ios.SetTTY(tty, tty, tty)
	f := &Factory{IOStreams: ios, Prompter: p, Getenv: func(k string) string {
		if k == "USER" {
			return "octo"
		}
		return ""
	}}
	var got *NewOptions
	root := NewCmdRoot(f)
	// Replace the real `new` with one that only records its options.
	for _, c := range root.Commands() {
		if c.Name() == "new" {
			root.RemoveCommand(c)
		}
	}
	root.AddCommand(NewCmdNew(f, func(o *NewOptions) error { got = o; return nil }))
	root.SetArgs(append([]string{"new"}, args...))
	_, err := root.ExecuteContextC(context.Background())
	if err != nil {
		fmt.Fprintf(errOut, "Error: %s\n", err)
	}
	return got, exitCodeFor(err), errOut.String()
}

func TestNewPromptsForEverythingMissingOnATerminal(t *testing.T) {
	p := &scriptedPrompter{answers: []string{"datasource", "team-info", "", "Reads team facts", "MIT"}}
	o, code, stderr := runNew(t, true, p)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if len(p.asked) != 5 {
		t.Fatalf("asked %d questions, want 5: %q", len(p.asked), p.asked)
	}
	want := NewOptions{Kind: "datasource", Name: "team-info", Module: "github.com/octo/packer-plugin-team-info",
		Desc: "Reads team facts", Dir: "packer-datasource-team-info", License: "MIT"}
	if o.Kind != want.Kind || o.Name != want.Name || o.Module != want.Module || o.Desc != want.Desc || o.Dir != want.Dir || o.License != want.License {
		t.Errorf("got kind=%q name=%q module=%q desc=%q dir=%q license=%q, want %+v", o.Kind, o.Name, o.Module, o.Desc, o.Dir, o.License, want)
	}
}

func TestNewAsksNothingWhenFlagsSayEverything(t *testing.T) {
	p := &scriptedPrompter{}
	o, code, stderr := runNew(t, true, p, "builder", "tarball", "--owner", "acme", "--description", "d", "--license", "mit")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if len(p.asked) != 0 {
		t.Errorf("asked %q although every value was given", p.asked)
	}
	if o.Module != "github.com/acme/packer-plugin-tarball" {
		t.Errorf("module = %q", o.Module)
	}
}

func TestNewNeverPromptsWithoutATerminal(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{nil, "<kind> is required when not running interactively"},
		{[]string{"builder"}, "<name> is required when not running interactively"},
		{[]string{"builder", "tarball"}, "--module or --owner is required when not running interactively"},
		{[]string{"bulider", "tarball"}, `unknown kind "bulider"`},
		{[]string{"builder", "packer-tarball", "--owner", "a"}, "packer-tarball"},
		{[]string{"builder", "tar--ball", "--owner", "a"}, "tar--ball"},
		{[]string{"builder", "tarball", "--module", "tarball"}, "--module: \"tarball\" has no domain"},
		{[]string{"builder", "tarball", "--owner", "a_b"}, "--owner: "},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, "_"), func(t *testing.T) {
			p := &scriptedPrompter{}
			_, code, stderr := runNew(t, false, p, c.args...)
			if code != ExitError {
				t.Errorf("exit %d, want %d", code, ExitError)
			}
			if !strings.Contains(stderr, c.want) {
				t.Errorf("stderr %q does not contain %q", stderr, c.want)
			}
			if len(p.asked) != 0 {
				t.Errorf("prompted %q without a terminal", p.asked)
			}
		})
	}
}

// The default module path offered at the prompt must be one Render
// accepts: a login name that is no valid GitHub owner is not proposed.
func TestGuessOwnerOffersOnlyValidOwners(t *testing.T) {
	f := &Factory{Getenv: func(k string) string {
		if k == "USER" {
			return "a_b"
		}
		return ""
	}}
	if got := guessOwner(f); got == "a_b" || scaffold.ValidateOwner(got) != nil {
		t.Errorf("guessOwner = %q, want a valid GitHub owner", got)
	}
	// The configured GitHub user comes first, read through the Factory.
	f.GitConfig = func(key string) string {
		if key == "github.user" {
			return "octo-cat"
		}
		return ""
	}
	if got := guessOwner(f); got != "octo-cat" {
		t.Errorf("guessOwner = %q, want the git github.user", got)
	}
}

// On a terminal, a name Packer's built-in shadows is said at once, before
// any other question, and the author may choose another.
func TestNewWarnsOfABuiltinNameBeforeTheNextQuestion(t *testing.T) {
	p := &scriptedPrompter{answers: []string{"post-processor", "compress", "choose another name", "compress-logs", "", "", "MPL-2.0"}}
	o, code, stderr := runNew(t, true, p)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if o.Name != "compress-logs" {
		t.Errorf("name %q, want the second answer", o.Name)
	}
	if len(p.asked) < 3 || !strings.Contains(p.asked[2], "Packer's built-in shadows this name") {
		t.Errorf("questions %q: the third should offer another name", p.asked)
	}
	if !strings.Contains(stderr, `Warning: post-processor "compress" is built into Packer`) {
		t.Errorf("stderr %q", stderr)
	}
}

// A bad flag is said before any question is asked.
func TestNewChecksFlagsBeforeAsking(t *testing.T) {
	p := &scriptedPrompter{}
	_, code, stderr := runNew(t, true, p, "--owner", "-bad-")
	if code != ExitError || !strings.Contains(stderr, "--owner") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if len(p.asked) != 0 {
		t.Errorf("asked %q before saying the flag is wrong", p.asked)
	}
}
