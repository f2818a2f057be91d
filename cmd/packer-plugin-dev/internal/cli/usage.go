package cli

import (
	"errors"
	"strings"
)

// isUsageError reports whether the command's usage should follow err: our
// own FlagErrors (argument validators are typed in typeArgErrors), and the
// unknown-command error cobra's command lookup returns untyped.
func isUsageError(err error) bool {
	var fe *FlagError
	return errors.As(err, &fe) || strings.HasPrefix(err.Error(), "unknown command ")
}
