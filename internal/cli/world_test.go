package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"strings"
	"testing"

	"github.com/packer-plugin-dev/packer-plugin-dev/internal/iostreams"
)

// The world repro.sh stands up prints its proxy, then the first wait on
// it, and ends when interrupted.
func TestWorldPrintsProxyThenTheFirstWait(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	r, w := io.Pipe()
	ios.Out = w
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- runWorld(ctx, &Factory{IOStreams: ios}); w.Close() }()
	lines := bufio.NewScanner(r)
	if !lines.Scan() || !strings.HasPrefix(lines.Text(), "proxy http://127.0.0.1:") {
		t.Fatalf("first line %q, want the proxy", lines.Text())
	}
	addr := strings.TrimPrefix(lines.Text(), "proxy http://")
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	fmt.Fprint(c, "CONNECT api.example.com:443 HTTP/1.1\r\nHost: api.example.com:443\r\n\r\n")
	if !lines.Scan() || lines.Text() != "held a connection to api.example.com:443 through HTTPS_PROXY" {
		t.Fatalf("second line %q, want the wait", lines.Text())
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
