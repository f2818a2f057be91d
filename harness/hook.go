package harness

import (
	"context"
	"sync"

	"github.com/hashicorp/packer-plugin-sdk/packer"
)

// HookCall is one Hook.Run the plugin made.
type HookCall struct {
	Name string // "packer_provision", ...
	Data any    // the data passed, as received
	// HadCommunicator says whether the plugin passed a communicator.
	HadCommunicator bool
}

// Hook is the packer.Hook the harness serves to a builder's Run. It records
// every call and runs Func, if set, to act on it (for instance to run a
// provisioner with the communicator the builder passes).
type Hook struct {
	Func func(ctx context.Context, name string, ui packer.Ui, comm packer.Communicator, data any) error
	// World, when set, holds every call (after Func, if any) until its ctx
	// is done, as a provisioner that runs for ever would.
	World *World

	mu    sync.Mutex
	calls []HookCall
}

var _ packer.Hook = (*Hook)(nil)

func (h *Hook) Run(ctx context.Context, name string, ui packer.Ui, comm packer.Communicator, data any) error {
	h.mu.Lock()
	h.calls = append(h.calls, HookCall{Name: name, Data: data, HadCommunicator: comm != nil})
	h.mu.Unlock()
	if h.Func != nil {
		if err := h.Func(ctx, name, ui, comm, data); err != nil {
			return err
		}
	}
	if h.World == nil {
		return nil
	}
	release := h.World.hold("the " + name + " hook")
	select {
	case <-ctx.Done():
		release("cancelled")
		return ctx.Err()
	case <-h.World.done:
		return context.Canceled
	}
}

// Calls returns every hook call so far, in order.
func (h *Hook) Calls() []HookCall {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]HookCall(nil), h.calls...)
}
