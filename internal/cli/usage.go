package cli

import (
	"errors"
	"strings"
)

// isUsageError reports whether the command's usage should follow err: our
// own FlagErrors, and the argument errors cobra returns untyped
// (cobra.ExactArgs and friends).
func isUsageError(err error) bool {
	var fe *FlagError
	if errors.As(err, &fe) {
		return true
	}
	msg := err.Error()
	for _, p := range []string{"accepts ", "requires at least", "requires at most", "unknown command", "invalid argument"} {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}
