package cli

import (
	"context"
	"fmt"
	"testing"

	"github.com/packer-plugin-dev/packer-plugin-dev/internal/iostreams"
)

func runAdd(t *testing.T, tty bool, p *scriptedPrompter, args ...string) (*AddOptions, ExitCode, string) {
	t.Helper()
	ios, _, _, errOut := iostreams.Test()
	ios.SetTTY(tty, tty, tty)
	f := &Factory{IOStreams: ios, Prompter: p, Getenv: func(string) string { return "" }}
	var got *AddOptions
	root := NewCmdRoot(f)
	// Replace the real `add` with one that only records its options.
	for _, c := range root.Commands() {
		if c.Name() == "add" {
			root.RemoveCommand(c)
		}
	}
	root.AddCommand(NewCmdAdd(f, func(o *AddOptions) error { got = o; return nil }))
	root.SetArgs(append([]string{"add"}, args...))
	_, err := root.ExecuteContextC(context.Background())
	if err != nil {
		fmt.Fprintf(errOut, "Error: %s\n", err)
	}
	return got, exitCodeFor(err), errOut.String()
}

func TestAddPromptsForWhatIsMissingOnATerminal(t *testing.T) {
	p := &scriptedPrompter{answers: []string{"post-processor", "sha-manifest", "Writes sums"}}
	o, code, stderr := runAdd(t, true, p)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if len(p.asked) != 3 || o.Kind != "post-processor" || o.Name != "sha-manifest" || o.Desc != "Writes sums" || o.Dir != "." {
		t.Errorf("asked %q, got %+v", p.asked, o)
	}
}

func TestAddAsksNothingWhenArgumentsSayEverything(t *testing.T) {
	p := &scriptedPrompter{}
	o, code, stderr := runAdd(t, true, p, "data-source", "facts", t.TempDir(), "--description", "d")
	if code != ExitOK || len(p.asked) != 0 || o.Kind != "datasource" {
		t.Errorf("exit %d, asked %q, kind %q: %s", code, p.asked, o.Kind, stderr)
	}
}

func TestAddNeverPromptsWithoutATerminal(t *testing.T) {
	p := &scriptedPrompter{}
	for _, args := range [][]string{nil, {"builder"}} {
		if _, code, _ := runAdd(t, false, p, args...); code != ExitError {
			t.Errorf("add %q: exit %d, want %d", args, code, ExitError)
		}
	}
	if len(p.asked) != 0 {
		t.Errorf("prompted %q without a terminal", p.asked)
	}
}
