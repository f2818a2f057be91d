//go:build linux

package cli

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	expect "github.com/Netflix/go-expect"

	"github.com/packer-plugin-dev/packer-plugin-dev/internal/iostreams"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/prompt"
)

// TestNewPromptsOnARealTerminal drives the survey prompts through a real
// pseudo-terminal, as a user at a keyboard would: arrow keys in the kind
// list, typed answers, Enter to accept a default.
func TestNewPromptsOnARealTerminal(t *testing.T) {
	console, err := expect.NewConsole()
	if err != nil {
		t.Fatal(err)
	}
	defer console.Close()
	tty := console.Tty()
	in := &readReporter{File: tty, reads: make(chan []byte, 1024)}

	ios := &iostreams.IOStreams{In: in, Out: tty, ErrOut: tty}
	ios.SetTTY(true, true, true)
	f := &Factory{IOStreams: ios, Prompter: prompt.NewSurvey(in, tty, tty), Getenv: func(k string) string {
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
		// The program's end closes its terminal, so that a test waiting
		// for a prompt that never comes reads the end instead of hanging.
		defer tty.Close()
		cmd := NewCmdNew(f, func(o *NewOptions) error { got = o; return nil })
		// Not nil, which cobra takes as "use os.Args", the test binary's.
		cmd.SetArgs([]string{})
		runErr = cmd.ExecuteContext(context.Background())
	}()

	expectText := func(s string) func() error {
		return func() error { _, err := console.ExpectString(s); return err }
	}
	send := func(s string) func() error {
		return func() error { _, err := console.Send(s); return err }
	}
	// A text prompt asks the terminal twice where the cursor is (CSI 6n:
	// once at the far corner, for the screen size, then where it is) and
	// reads the answer from the keyboard's stream, dropping whatever it read
	// past it. A person types long after the answer; the test types only
	// once the program has read the answer.
	readAnswer := func() error {
		for b := range in.reads {
			if strings.Contains(string(b), "\x1b[1;1R") {
				return nil
			}
		}
		return fmt.Errorf("the terminal closed before the program read the cursor position")
	}
	terminalAnswers := []func() error{
		expectText("\x1b[6n"), send("\x1b[24;80R"),
		expectText("\x1b[6n"), send("\x1b[1;1R"), readAnswer,
	}
	textPrompt := func(question, answer string) []func() error {
		return append(append([]func() error{expectText(question)}, terminalAnswers...), send(answer+"\r"))
	}

	steps := []func() error{
		expectText("What kind of component?"),
		// The list starts at the first kind; one arrow down picks the second.
		send("\x1b[B"),
		send("\r"),
	}
	steps = append(steps, textPrompt("Component name", "step-runner")...)
	steps = append(steps, textPrompt("Go module path", "")...) // Enter accepts the default
	steps = append(steps, textPrompt("One-line description", "Runs steps")...)
	steps = append(steps, expectText("License"), send("\x1b[B"), send("\r")) // the second: Apache-2.0
	for i, step := range steps {
		if err := step(); err != nil {
			select {
			case <-done:
				t.Fatalf("step %d: %v; the command had returned %v", i, err, runErr)
			default:
				t.Fatalf("step %d: %v", i, err)
			}
		}
	}
	// Keep reading the screen so the program never blocks on a full
	// terminal, until the command returns.
	go func() { _, _ = console.ExpectEOF() }()
	<-done
	if runErr != nil {
		t.Fatal(runErr)
	}
	if got.Kind != kindNames()[1] || got.Name != "step-runner" || got.Module != "github.com/octo/packer-plugin-step-runner" || got.Desc != "Runs steps" || got.License != "Apache-2.0" {
		t.Errorf("got kind=%q name=%q module=%q desc=%q license=%q", got.Kind, got.Name, got.Module, got.Desc, got.License)
	}
}

// readReporter is the terminal as the program reads it, reporting each
// read so the test knows what the program has consumed.
type readReporter struct {
	*os.File
	reads chan []byte
}

func (r *readReporter) Read(p []byte) (int, error) {
	n, err := r.File.Read(p)
	if n > 0 {
		select {
		case r.reads <- append([]byte(nil), p[:n]...):
		default: // nobody is waiting for this read
		}
	}
	return n, err
}
