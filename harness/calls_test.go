package harness

import (
	"errors"
	"fmt"
	"io"
	"net/rpc"
	"testing"

	"github.com/hashicorp/yamux"
)

// A plugin that dies mid-call surfaces as whichever transport error wins the
// race; each must read as a broken connection, so that the crash is waited
// for and reported as one, and an error the plugin returned must not.
func TestBrokenConnection(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{io.EOF, true},
		{io.ErrUnexpectedEOF, true},
		{rpc.ErrShutdown, true},
		{yamux.ErrSessionShutdown, true},
		{fmt.Errorf("configure: %w", yamux.ErrSessionShutdown), true},
		{yamux.ErrStreamClosed, true},
		{errors.New("write unix @->/tmp/plugin: write: broken pipe"), true},
		{ErrCallTimeout, true},
		{rpc.ServerError("session shutdown"), false},
		{rpc.ServerError("1 error(s) occurred: unknown key"), false},
		{errors.New("invalid configuration"), false},
	} {
		if got := brokenConnection(tc.err); got != tc.want {
			t.Errorf("brokenConnection(%#v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}

// A failed call counts as a crash when the process has already ended, so
// ended must see a closed channel without waiting, and not wait for an
// open one when told not to.
func TestEnded(t *testing.T) {
	closed, open := make(chan struct{}), make(chan struct{})
	close(closed)
	if !ended(closed, 0) {
		t.Error("a closed channel did not read as ended")
	}
	if ended(open, 0) {
		t.Error("an open channel read as ended")
	}
}
