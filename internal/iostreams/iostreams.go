// Package iostreams decides, once per process, where output goes, whether it
// is a terminal, whether colour is wanted and whether prompting is allowed.
package iostreams

import (
	"bytes"
	"io"
	"os"

	"github.com/mattn/go-isatty"
)

// IOStreams is the one place commands read terminal facts from.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	stdinTTY  bool
	stdoutTTY bool
	stderrTTY bool
	color     bool

	neverPrompt bool
}

// System returns streams bound to the process's stdin, stdout and stderr.
func System() *IOStreams {
	s := &IOStreams{
		In:        os.Stdin,
		Out:       os.Stdout,
		ErrOut:    os.Stderr,
		stdinTTY:  isTerminal(os.Stdin),
		stdoutTTY: isTerminal(os.Stdout),
		stderrTTY: isTerminal(os.Stderr),
	}
	s.color = colorWanted(s.stdoutTTY)
	// CI systems often allocate a pseudo-terminal; a prompt there would hang
	// the job, so CI=true disables prompting whatever the terminal says.
	if os.Getenv("CI") != "" && os.Getenv("CI") != "false" {
		s.neverPrompt = true
	}
	return s
}

// Test returns streams backed by buffers, not a terminal.
func Test() (s *IOStreams, in, out, errOut *bytes.Buffer) {
	in, out, errOut = &bytes.Buffer{}, &bytes.Buffer{}, &bytes.Buffer{}
	return &IOStreams{In: in, Out: out, ErrOut: errOut}, in, out, errOut
}

func isTerminal(f *os.File) bool {
	return isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())
}

// colorWanted follows https://no-color.org and CLICOLOR_FORCE.
func colorWanted(tty bool) bool {
	if _, ok := os.LookupEnv("NO_COLOR"); ok {
		return false
	}
	if v := os.Getenv("CLICOLOR_FORCE"); v != "" && v != "0" {
		return true
	}
	return tty && os.Getenv("TERM") != "dumb"
}

// IsStderrTTY reports whether stderr is a terminal: progress lines are only
// redrawn there.
func (s *IOStreams) IsStderrTTY() bool { return s.stderrTTY }

// ColorEnabled reports whether stdout may carry ANSI colour.
func (s *IOStreams) ColorEnabled() bool { return s.color }

// CanPrompt reports whether the user can be asked questions: both stdin and
// stdout are terminals and prompting was not disabled.
func (s *IOStreams) CanPrompt() bool {
	return s.stdinTTY && s.stdoutTTY && !s.neverPrompt
}

// SetTTY overrides terminal detection; tests use it.
func (s *IOStreams) SetTTY(stdin, stdout, stderr bool) {
	s.stdinTTY, s.stdoutTTY, s.stderrTTY = stdin, stdout, stderr
}

// SetNeverPrompt disables prompting even on a terminal.
func (s *IOStreams) SetNeverPrompt(v bool) { s.neverPrompt = v }
