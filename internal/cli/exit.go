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
)

const exitCodeHelp = `Exit codes:
  0  success: the command did what was asked and nothing failed
  1  a check failed (for example a conformance check in "test")
  2  usage error, bad input or tool error`

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

// exitCodeFor maps an error returned by a command to the process exit code.
func exitCodeFor(err error) ExitCode {
	var failed *FailedError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &failed):
		return ExitFailed
	default:
		return ExitError
	}
}
