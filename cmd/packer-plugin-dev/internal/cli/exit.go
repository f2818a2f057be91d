package cli

import (
	"errors"
	"fmt"
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

const exitCodeHelp = `Exit codes:
  0    success: the command did what was asked and nothing failed
  1    a check failed (for example a conformance check in "test")
  2    usage error, bad input or tool error
  3    incomplete: nothing failed, but "test" could not check what matters
       (see --allow-incomplete)
  130  interrupted: what had finished is reported`

// FlagError is a usage error: the command's usage is printed after it.
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
