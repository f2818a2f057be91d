package debugger

import (
	"encoding/binary"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/yamux"
)

// A plugin held at a breakpoint answers nothing; through Hold the client's
// pings are answered in its stead and never reach it, while its streams'
// frames pass through untouched.
func TestHoldAnswersPingsOfAHeldPlugin(t *testing.T) {
	client, plugin := net.Pipe()
	defer client.Close()
	defer plugin.Close()

	// The held plugin: reads frames, answers none, records their types.
	types := make(chan byte, 100)
	payload := make(chan string, 10)
	go func() {
		for {
			h := make([]byte, headerSize)
			if _, err := io.ReadFull(plugin, h); err != nil {
				close(types)
				return
			}
			types <- h[1]
			if h[1] == typeData {
				b := make([]byte, binary.BigEndian.Uint32(h[8:12]))
				if _, err := io.ReadFull(plugin, b); err != nil {
					close(types)
					return
				}
				payload <- string(b)
			}
		}
	}()

	cfg := yamux.DefaultConfig()
	cfg.EnableKeepAlive = false
	cfg.ConnectionWriteTimeout = 50 * time.Millisecond
	cfg.StreamOpenTimeout = 0
	cfg.LogOutput = io.Discard
	sess, err := yamux.Client(Hold(client), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	for range 20 {
		if _, err := sess.Ping(); err != nil {
			t.Fatalf("ping through Hold: %v", err)
		}
	}
	st, err := sess.Open()
	if err != nil {
		t.Fatal(err)
	}
	go func() { _, _ = st.Write([]byte("configure")) }()
	if got := <-payload; got != "configure" {
		t.Fatalf("the plugin read %q, want configure", got)
	}
	sess.Close()
	var seen []string
	for ty := range types {
		if ty == typePing {
			t.Error("a ping reached the held plugin")
		}
		seen = append(seen, string('0'+ty))
	}
	if !strings.Contains(strings.Join(seen, ""), "0") {
		t.Errorf("frames the plugin got: %v, want a data frame", seen)
	}
}

// Without Hold the same client drops a plugin that does not answer: the
// failure Hold is for.
func TestWithoutHoldAnUnansweredPingFails(t *testing.T) {
	client, plugin := net.Pipe()
	defer client.Close()
	defer plugin.Close()
	go func() { _, _ = io.Copy(io.Discard, plugin) }() // reads, never answers
	cfg := yamux.DefaultConfig()
	cfg.EnableKeepAlive = false
	cfg.ConnectionWriteTimeout = 20 * time.Millisecond
	cfg.LogOutput = io.Discard
	sess, err := yamux.Client(client, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	if _, err := sess.Ping(); err == nil {
		t.Fatal("a ping nobody answers succeeded")
	}
}
