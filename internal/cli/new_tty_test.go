//go:build linux || darwin

package cli

import (
	"context"
	"testing"
	"time"

	expect "github.com/Netflix/go-expect"
	"github.com/creack/pty"
	"github.com/hinshun/vt10x"

	"github.com/packer-plugin-dev/packer-plugin-dev/internal/iostreams"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/prompt"
)

// TestNewPromptsOnARealTerminal drives the survey prompts through a real
// pseudo-terminal, as a user at a keyboard would: arrow keys in the kind
// list, typed answers, Enter to accept a default.
func TestNewPromptsOnARealTerminal(t *testing.T) {
	// survey asks the terminal where its cursor is (CSI 6n) and waits for the
	// answer: a vt10x emulator answers it, as survey's own tests do.
	ptm, pts, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	term := vt10x.New(vt10x.WithWriter(pts))
	console, err := expect.NewConsole(expect.WithStdin(ptm), expect.WithStdout(term),
		expect.WithCloser(ptm, pts), expect.WithDefaultTimeout(20*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	defer console.Close()
	tty := console.Tty()

	ios := &iostreams.IOStreams{In: tty, Out: tty, ErrOut: tty}
	ios.SetTTY(true, true, true)
	f := &Factory{IOStreams: ios, Prompter: prompt.NewSurvey(tty, tty, tty), Getenv: func(k string) string {
		if k == "USER" {
			return "octo"
		}
		return ""
	}}

	done := make(chan struct{})
	var got *NewOptions
	var runErr error
	go func() {
		defer close(done)
		cmd := NewCmdNew(f, func(o *NewOptions) error { got = o; return nil })
		cmd.SetArgs(nil)
		runErr = cmd.ExecuteContext(context.Background())
	}()

	steps := []func() error{
		func() error { _, err := console.ExpectString("What kind of component?"); return err },
		// The list starts at the first kind; one arrow down picks the second.
		func() error { _, err := console.Send("\x1b[B"); return err },
		func() error { _, err := console.SendLine(""); return err },
		func() error { _, err := console.ExpectString("Component name"); return err },
		func() error { _, err := console.SendLine("step-runner"); return err },
		func() error { _, err := console.ExpectString("Go module path"); return err },
		func() error { _, err := console.SendLine(""); return err }, // accept the default
		func() error { _, err := console.ExpectString("One-line description"); return err },
		func() error { _, err := console.SendLine("Runs steps"); return err },
	}
	for i, step := range steps {
		if err := step(); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	// Keep reading the screen, so the emulator answers survey's last cursor
	// query, until the command returns.
	go func() { _, _ = console.ExpectEOF() }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("new did not finish after the last answer")
	}
	if runErr != nil {
		t.Fatal(runErr)
	}
	if got.Kind != kindNames()[1] || got.Name != "step-runner" || got.Module != "github.com/octo/packer-plugin-step-runner" || got.Desc != "Runs steps" {
		t.Errorf("got kind=%q name=%q module=%q desc=%q", got.Kind, got.Name, got.Module, got.Desc)
	}
}
