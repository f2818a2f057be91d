package cli

import (
	"context"
	"fmt"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
)

// NewCmdWorld is the outside world the cancel repros stand up around real
// Packer, as the suite does around the plugin: an HTTP(S) proxy on loopback
// that accepts and never answers. It prints "proxy URL" at once and "held
// WHAT" when the plugin first waits on it, then runs until interrupted.
// Hidden: repro.sh runs it, users do not.
func NewCmdWorld(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:    "world",
		Short:  "Stand up the still outside world of the cancel checks (for repro.sh)",
		Hidden: true,
		Args:   cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGINT, syscall.SIGTERM)
			defer stop()
			return runWorld(ctx, f)
		},
	}
}

func runWorld(ctx context.Context, f *Factory) error {
	w, err := harness.NewWorld()
	if err != nil {
		return err
	}
	defer w.Close()
	fmt.Fprintf(f.IOStreams.Out, "proxy %s\n", w.ProxyURL())
	select {
	case <-w.Held():
		fmt.Fprintf(f.IOStreams.Out, "held %s\n", w.Holds()[0].What)
	case <-ctx.Done():
		return nil
	}
	<-ctx.Done()
	return nil
}
