package cli

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
)

// NewCmdWorld is the outside world the cancel repros stand up around real
// Packer, as the suite does around the plugin: an HTTP(S) proxy on loopback
// that accepts and never answers. It prints "env NAME=VALUE" for each
// variable the plugin needs (the proxy, the certificate bundle) and
// "ready", then "held WHAT" when the plugin first waits on it; SIGUSR1
// makes it stop holding (the cancel, after which cleanups meet an answer),
// SIGINT or SIGTERM ends it. Hidden: repro.sh runs it, users do not.
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
	thaw := make(chan os.Signal, 1)
	signal.Notify(thaw, syscall.SIGUSR1)
	defer signal.Stop(thaw)
	for _, kv := range w.Env() {
		fmt.Fprintf(f.IOStreams.Out, "env %s\n", kv)
	}
	fmt.Fprintln(f.IOStreams.Out, "ready")
	held := w.Held()
	for {
		select {
		case <-held:
			fmt.Fprintf(f.IOStreams.Out, "held %s\n", w.Holds()[0].What)
			held = nil
		case <-thaw:
			w.StopHolding()
		case <-ctx.Done():
			return nil
		}
	}
}
