package harness

import (
	"bytes"
	"fmt"
	"sync"
	"testing"
	"time"
)

// The sync marker must return only after every line written before it was
// emitted, and must never show up in the log.
func TestLineReaderSync(t *testing.T) {
	var mu sync.Mutex
	var got []string
	lr, err := newLineReader("stderr", "bin plugin: ", func(_, text string) {
		mu.Lock()
		got = append(got, text)
		mu.Unlock()
	}, false)
	if err != nil {
		t.Fatal(err)
	}
	lr.start()
	defer lr.closeAll()
	for i := 0; i < 200; i++ {
		fmt.Fprintf(lr.w, "line %d\n", i)
	}
	lr.w.WriteString("partial")
	lr.sync(5 * time.Second)
	mu.Lock()
	n := len(got)
	last := got[n-1]
	mu.Unlock()
	if n != 201 || got[0] != "bin plugin: line 0" || last != "bin plugin: partial" {
		t.Fatalf("after sync: %d lines, last %q", n, last)
	}
	lr.closeWriter()
	lr.waitEOF(time.Second)
	select {
	case <-lr.eof:
	default:
		t.Fatal("no EOF after the write end closed")
	}
}

func TestLineReaderHandshakeLines(t *testing.T) {
	var logged []string
	lr, err := newLineReader("stdout", "p: ", func(_, text string) { logged = append(logged, text) }, true)
	if err != nil {
		t.Fatal(err)
	}
	lr.start()
	defer lr.closeAll()
	fmt.Fprintln(lr.w, "noise")
	fmt.Fprintln(lr.w, "5|0|unix|/x")
	if l := <-lr.handshakeLines; l != "noise" {
		t.Fatalf("first line %q", l)
	}
	if l := <-lr.handshakeLines; l != "5|0|unix|/x" {
		t.Fatalf("second line %q", l)
	}
	lr.stopHandshake()
	fmt.Fprintln(lr.w, "later")
	lr.sync(time.Second)
	if len(logged) != 1 || logged[0] != "p: later" {
		t.Fatalf("after the handshake stdout is logged: %q", logged)
	}
	if s := lr.lines(); len(s) != 2 {
		t.Fatalf("lines before the handshake: %q", s)
	}
}

func TestLineReaderCutsEndlessLines(t *testing.T) {
	got := make(chan string, 8)
	lr, err := newLineReader("stdout", "", func(_, text string) { got <- text }, false)
	if err != nil {
		t.Fatal(err)
	}
	lr.start()
	defer lr.closeAll()
	go func() {
		lr.w.Write(bytes.Repeat([]byte{'x'}, 3*maxLine))
		lr.w.WriteString("\n")
	}()
	for range 3 {
		if l := <-got; len(l) > maxLine {
			t.Fatalf("a %d-byte line was kept", len(l))
		}
	}
}

// A sync that timed out leaves its marker in the pipe. When the reader
// reaches it, it must not need the lock a later sync holds while it is
// blocked writing its own marker into a pipe the plugin filled: that would
// hang the reader, the sync and the plugin writing its stderr. The test
// holds that lock itself, as the blocked sync would, and requires the
// reader to read past the old marker.
func TestLineReaderReadsPastAMarkerWhileASyncWrites(t *testing.T) {
	got := make(chan string, 8)
	lr, err := newLineReader("stderr", "", func(_, text string) { got <- text }, false)
	if err != nil {
		t.Fatal(err)
	}
	defer lr.closeAll()
	lr.w.WriteString("first\n")
	lr.sync(time.Nanosecond) // nobody reads yet: it times out, its marker stays
	lr.wMu.Lock()
	lr.w.WriteString("after\n") // the plugin writes without the lock
	lr.start()
	if l := <-got; l != "first" {
		t.Fatalf("first line %q", l)
	}
	if l := <-got; l != "after" {
		t.Fatalf("the line after the old marker is %q", l)
	}
	lr.wMu.Unlock()
}
