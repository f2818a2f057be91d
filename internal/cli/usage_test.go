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
