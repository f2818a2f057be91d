package cli

import (
	"errors"
	"fmt"
	"testing"
)

func TestIsUsageError(t *testing.T) {
	for err, want := range map[error]bool{
		flagErrorf("--module is required"):                                 true,
		fmt.Errorf("new: %w", flagErrorf("bad kind")):                      true,
		errors.New(`unknown command "frobnicate" for "packer-plugin-dev"`): true,
		// A tool error is not a usage error, whatever its words.
		errors.New("listen unix /tmp/x: bind: invalid argument"): false,
		errors.New("go build failed: requires at least go1.25"):  false,
		&FailedError{Summary: "2 checks failed"}:                 false,
	} {
		if got := isUsageError(err); got != want {
			t.Errorf("isUsageError(%q) = %v, want %v", err, got, want)
		}
	}
}

// Each outcome has its exit code; an interruption wins, since the report
// is partial whatever it says.
func TestExitCodeFor(t *testing.T) {
	for err, want := range map[error]ExitCode{
		nil:                                         ExitOK,
		&FailedError{Summary: "1 failed"}:           ExitFailed,
		flagErrorf("--run: bad"):                    ExitError,
		errors.New("go build failed"):               ExitError,
		&IncompleteError{Summary: "x"}:              ExitIncomplete,
		&InterruptedError{Summary: "x"}:             ExitInterrupted,
		fmt.Errorf("test: %w", &InterruptedError{}): ExitInterrupted,
	} {
		if got := exitCodeFor(err); got != want {
			t.Errorf("exitCodeFor(%v) = %d, want %d", err, got, want)
		}
	}
}
