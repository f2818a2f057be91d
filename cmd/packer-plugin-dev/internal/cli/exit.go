package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/packer-plugin-dev/packer-plugin-dev/internal/prompt"
)

// ExitCode is what the process returns. The mapping lives here and only here,
// and is listed in the root command's help.
type ExitCode int

const (
	// ExitOK: the command did what was asked and nothing failed.
	ExitOK ExitCode = 0
	// ExitFailed: the command ran, and what it checked failed (a conformance
	// check, a release verification).
	ExitFailed ExitCode = 1
	// ExitError: bad usage, bad input or a tool error; nothing was checked.
	ExitError ExitCode = 2
	// ExitIncomplete: nothing failed, but what matters could not be
	// checked ("test" without a valid configuration for a component, a
	// sample block naming no component, a filter matching nothing).
	ExitIncomplete ExitCode = 3
	// ExitInterrupted: the command was interrupted (Ctrl-C, SIGTERM); what
	// had finished is reported.
	ExitInterrupted ExitCode = 130
)

// exitCodeText says what each code means, for the help texts.
var exitCodeText = []struct {
	code ExitCode
	text string
}{
	{ExitOK, "success: the command did what was asked and nothing failed"},
	{ExitFailed, "a check failed (test: a conformance check; release, install: a\n       verification of what was built)"},
	{ExitError, "usage error, bad input or tool error"},
	{ExitIncomplete, "incomplete: nothing failed, but \"test\" could not check what matters\n       (see --allow-incomplete)"},
	{ExitInterrupted, "interrupted (Ctrl-C): what had finished, or that nothing changed, is\n       reported"},
}

// exitCodesOf lists the codes the command named name returns: none for
// the commands that only print (version, completion, help), the codes of
// its outcomes for the others.
func exitCodesOf(cmd *cobra.Command) []ExitCode {
	for c := cmd; c != nil; c = c.Parent() {
		switch c.Name() {
		case "version", "completion", "help", cobra.ShellCompRequestCmd, cobra.ShellCompNoDescRequestCmd:
			return nil
		}
	}
	switch cmd.Name() {
	case "new", "add", "schema":
		return []ExitCode{ExitOK, ExitError, ExitInterrupted}
	case "release", "install":
		return []ExitCode{ExitOK, ExitFailed, ExitError, ExitInterrupted}
	}
	return []ExitCode{ExitOK, ExitFailed, ExitError, ExitIncomplete, ExitInterrupted}
}

// exitCodeHelp is the "Exit codes:" section of cmd's help, empty when it
// has none.
func exitCodeHelp(cmd *cobra.Command) string {
	codes := exitCodesOf(cmd)
	if len(codes) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("Exit codes:\n")
	for _, c := range codes {
		for _, t := range exitCodeText {
			if t.code == c {
				fmt.Fprintf(&b, "  %-4d %s\n", c, t.text)
			}
		}
	}
	return b.String()
}

// interruptedAnnotation is the annotation in which a command says what a
// Ctrl-C leaves ("nothing was written"), for the InterruptedError that
// Run makes of the error the cancelled command returns.
const interruptedAnnotation = "interrupted"

// asInterrupted makes err, which cmd returned after a Ctrl-C (a prompt
// reads it as ErrInterrupted; a signal cancels ctx, and the command's
// work fails with context.Canceled or an error of its own), the
// interruption: exit 130, saying what the command leaves. A command that
// reports its interruption itself returns an *InterruptedError already.
func asInterrupted(ctx context.Context, cmd *cobra.Command, err error) error {
	var ie *InterruptedError
	if err == nil || errors.As(err, &ie) || (ctx.Err() == nil && !errors.Is(err, prompt.ErrInterrupted)) {
		return err
	}
	note := "nothing was changed"
	if cmd != nil && cmd.Annotations[interruptedAnnotation] != "" {
		note = cmd.Annotations[interruptedAnnotation]
	}
	return &InterruptedError{Summary: "interrupted: " + note}
}

// FlagError is a usage error: a line pointing at the command's --help
// follows it.
type FlagError struct{ err error }

func (e *FlagError) Error() string { return e.err.Error() }
func (e *FlagError) Unwrap() error { return e.err }

// flagErrorf returns a usage error.
func flagErrorf(format string, args ...any) error {
	return &FlagError{err: fmt.Errorf(format, args...)}
}

// FailedError means the command completed and reported what failed already;
// only the exit code remains to be set.
type FailedError struct{ Summary string }

func (e *FailedError) Error() string { return e.Summary }

// IncompleteError means the command completed, found nothing wrong, and
// reported what it could not check.
type IncompleteError struct{ Summary string }

func (e *IncompleteError) Error() string { return e.Summary }

// InterruptedError means the command was interrupted and reported what had
// finished.
type InterruptedError struct{ Summary string }

func (e *InterruptedError) Error() string { return e.Summary }

// exitCodeFor maps an error returned by a command to the process exit code.
func exitCodeFor(err error) ExitCode {
	var (
		failed      *FailedError
		incomplete  *IncompleteError
		interrupted *InterruptedError
	)
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &interrupted):
		return ExitInterrupted
	case errors.As(err, &failed):
		return ExitFailed
	case errors.As(err, &incomplete):
		return ExitIncomplete
	default:
		return ExitError
	}
}
