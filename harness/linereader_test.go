package harness

import (
	"fmt"
	"strings"
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
	var mu sync.Mutex
	var got []string
	lr, err := newLineReader("stdout", "", func(_, text string) {
		mu.Lock()
		got = append(got, text)
		mu.Unlock()
	}, false)
	if err != nil {
		t.Fatal(err)
	}
	lr.start()
	defer lr.closeAll()
	go func() {
		junk := make([]byte, 3*maxLine)
		for i := range junk {
			junk[i] = 'x'
		}
		lr.w.Write(junk)
		lr.w.WriteString("\n")
		lr.sync(5 * time.Second)
	}()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		mu.Lock()
		n := len(got)
		mu.Unlock()
		if n >= 3 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(got) < 3 {
		t.Fatalf("%d lines from 3 buffers of junk", len(got))
	}
	for _, l := range got {
		if len(l) > maxLine {
			t.Fatalf("a %d-byte line was kept", len(l))
		}
	}
}

// A sync that timed out leaves its marker in the pipe. When the reader
// reaches it, it must not wait for a later sync that is blocked writing its
// own marker into a pipe the plugin filled: that would hang the reader, the
// sync and the plugin writing its stderr.
func TestLineReaderSyncWithFullPipe(t *testing.T) {
	gate := make(chan struct{})
	var once sync.Once
	lr, err := newLineReader("stderr", "", func(string, string) { once.Do(func() { <-gate }) }, false)
	if err != nil {
		t.Fatal(err)
	}
	defer lr.closeAll()
	// Before the reader starts: a line whose emit will block, then the
	// marker of a sync nobody answers.
	lr.w.WriteString("first\n")
	lr.sync(10 * time.Millisecond)
	// The plugin writes without end; the reader reads "first", the marker
	// and a buffer of lines in one go, then blocks emitting "first".
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		line := strings.Repeat("x", 1000) + "\n"
		for {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := lr.w.WriteString(line); err != nil {
				return
			}
		}
	}()
	lr.start()
	time.Sleep(200 * time.Millisecond) // the pipe fills up again
	synced := make(chan struct{})
	go func() { lr.sync(time.Minute); close(synced) }()
	time.Sleep(200 * time.Millisecond) // the sync is blocked writing
	close(gate)
	select {
	case <-synced:
	case <-time.After(20 * time.Second):
		lr.r.Close() // unblocks the writers so the test can end
		t.Fatal("sync never returned: the reader waits for the blocked sync's lock")
	}
}
