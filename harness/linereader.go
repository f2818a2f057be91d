package harness

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strconv"
	"sync"
	"time"
)

// syncMarker is written by the harness into its own copy of the plugin's
// stderr pipe after each call: the pipe keeps order, so once the reader sees
// the marker every line the plugin wrote during the call has been read.
const syncMarker = "\x00packer-plugin-dev-sync:"

// maxLine is the longest line kept whole.
const maxLine = 64 * 1024

// lineReader reads one of the plugin's output pipes line by line.
type lineReader struct {
	stream string
	prefix string
	emit   func(stream, text string)
	r, w   *os.File

	wMu     sync.Mutex // held while writing a marker, which blocks while the pipe is full
	wClosed bool
	seq     uint64

	// The reader releases waiters under their own lock: under wMu it
	// would wait for a sync blocked writing into the pipe it must drain.
	waitMu  sync.Mutex
	waiters map[uint64]chan struct{}

	// Stdout only: lines go to handshakeLines until stopHandshake.
	hsMu           sync.Mutex
	hsActive       bool
	handshakeLines chan string // closed at EOF
	hsClosed       bool
	seen           []string

	eof chan struct{}
}

func newLineReader(stream, prefix string, emit func(stream, text string), handshake bool) (*lineReader, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("create %s pipe: %w", stream, err)
	}
	lr := &lineReader{stream: stream, prefix: prefix, emit: emit, r: r, w: w,
		waiters: map[uint64]chan struct{}{}, eof: make(chan struct{})}
	if handshake {
		lr.hsActive = true
		lr.handshakeLines = make(chan string, 64)
	}
	return lr, nil
}

func (lr *lineReader) start() { go lr.loop() }

func (lr *lineReader) loop() {
	defer close(lr.eof)
	defer lr.endHandshake()
	defer lr.releaseWaiters()
	// Lines longer than the buffer are cut into buffer-sized lines, so a
	// plugin printing garbage without newlines cannot grow memory.
	br := bufio.NewReaderSize(lr.r, maxLine)
	for {
		chunk, err := br.ReadSlice('\n')
		if len(chunk) > 0 {
			lr.handle(append([]byte(nil), chunk...))
		}
		if err != nil && err != bufio.ErrBufferFull {
			return
		}
	}
}

func (lr *lineReader) handle(line []byte) {
	// Markers are released after the text around them is emitted.
	var synced []uint64
	defer func() {
		for _, n := range synced {
			lr.release(n)
		}
	}()
	for {
		i := bytes.Index(line, []byte(syncMarker))
		if i < 0 {
			break
		}
		rest := line[i+len(syncMarker):]
		j := bytes.IndexByte(rest, 0)
		if j < 0 {
			break
		}
		if n, err := strconv.ParseUint(string(rest[:j]), 10, 64); err == nil {
			synced = append(synced, n)
		}
		rest = rest[j+1:]
		if len(rest) > 0 && rest[0] == '\n' {
			rest = rest[1:]
		}
		line = append(line[:i:i], rest...)
	}
	if len(line) == 0 {
		return
	}
	text := string(bytes.TrimRight(line, "\r\n"))
	lr.hsMu.Lock()
	if lr.hsActive {
		lr.seen = append(lr.seen, text)
		select {
		case lr.handshakeLines <- text:
		default:
		}
		lr.hsMu.Unlock()
		return
	}
	lr.hsMu.Unlock()
	lr.emit(lr.stream, lr.prefix+text)
}

// lines returns the stdout lines read while waiting for the handshake.
func (lr *lineReader) lines() []string {
	lr.hsMu.Lock()
	defer lr.hsMu.Unlock()
	return append([]string(nil), lr.seen...)
}

// stopHandshake sends every later line to the log.
func (lr *lineReader) stopHandshake() {
	lr.hsMu.Lock()
	defer lr.hsMu.Unlock()
	lr.hsActive = false
}

func (lr *lineReader) endHandshake() {
	lr.hsMu.Lock()
	defer lr.hsMu.Unlock()
	if lr.handshakeLines != nil && !lr.hsClosed {
		close(lr.handshakeLines)
		lr.hsClosed = true
		lr.hsActive = false
	}
}

func (lr *lineReader) release(n uint64) {
	lr.waitMu.Lock()
	defer lr.waitMu.Unlock()
	if ch, ok := lr.waiters[n]; ok {
		close(ch)
		delete(lr.waiters, n)
	}
}

func (lr *lineReader) releaseWaiters() {
	lr.waitMu.Lock()
	defer lr.waitMu.Unlock()
	for n, ch := range lr.waiters {
		close(ch)
		delete(lr.waiters, n)
	}
}

// sync returns once every byte written to the pipe before the call has
// been read and logged, or after timeout.
func (lr *lineReader) sync(timeout time.Duration) {
	lr.wMu.Lock()
	if lr.wClosed {
		lr.wMu.Unlock()
		lr.waitEOF(timeout)
		return
	}
	lr.seq++
	n := lr.seq
	ch := make(chan struct{})
	lr.waitMu.Lock()
	lr.waiters[n] = ch
	lr.waitMu.Unlock()
	_, err := lr.w.WriteString(syncMarker + strconv.FormatUint(n, 10) + "\x00\n")
	lr.wMu.Unlock()
	if err == nil {
		select {
		case <-ch:
		case <-time.After(timeout):
		}
	}
	lr.release(n) // no-op once the reader released it
}

// closeWriter closes the harness's copy of the write end so the reader
// sees EOF once the plugin (and any child holding the pipe) is gone.
func (lr *lineReader) closeWriter() {
	lr.wMu.Lock()
	defer lr.wMu.Unlock()
	if !lr.wClosed {
		lr.wClosed = true
		lr.w.Close()
	}
}

// closeAll closes both ends; the reader stops even if a descendant still
// holds the pipe.
func (lr *lineReader) closeAll() {
	lr.closeWriter()
	select {
	case <-lr.eof:
	case <-time.After(200 * time.Millisecond):
	}
	lr.r.Close()
}

func (lr *lineReader) waitEOF(timeout time.Duration) {
	select {
	case <-lr.eof:
	case <-time.After(timeout):
	}
}
