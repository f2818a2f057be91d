package cli

import "github.com/spf13/cobra"

// fixed completes a flag with a fixed list of values.
func fixed(values []string, d cobra.ShellCompDirective) cobra.CompletionFunc {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) { return values, d }
}
