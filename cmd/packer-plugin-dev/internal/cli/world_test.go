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

// The world repro.sh stands up prints the environment the plugin needs,
// then the first wait on it, and ends when interrupted.
func TestWorldPrintsProxyThenTheFirstWait(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	r, w := io.Pipe()
	ios.Out = w
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- runWorld(ctx, &Factory{IOStreams: ios}); w.Close() }()
	lines := bufio.NewScanner(r)
	env := map[string]string{}
	for lines.Scan() && lines.Text() != "ready" {
		k, v, _ := strings.Cut(strings.TrimPrefix(lines.Text(), "env "), "=")
		env[k] = v
	}
	if !strings.HasPrefix(env["HTTPS_PROXY"], "http://127.0.0.1:") || env["SSL_CERT_FILE"] == "" {
		t.Fatalf("env before ready: %v, want the proxy and the certificate bundle", env)
	}
	addr := strings.TrimPrefix(env["HTTPS_PROXY"], "http://")
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
