package debugger

import (
	"encoding/binary"
	"errors"
	"io"
	"sync"
)

// The SDK's RPC session is yamux with its default configuration: each end
// pings the other every 30 s and closes the whole session when a ping is
// not answered within 10 s (hashicorp/yamux v0.1.1, DefaultConfig). A
// plugin held at a breakpoint answers nothing, so Packer (and the harness)
// would drop it half a minute into a debugging session. Hold answers the
// pings in the plugin's stead; everything else passes through untouched.
//
// A yamux frame is a 12-byte header: version, type, flags (2 bytes),
// stream id (4), length (4), big-endian; only data frames carry a body,
// of length bytes.
const (
	headerSize = 12
	typeData   = 0
	typePing   = 2
	flagSYN    = 1
	flagACK    = 2
)

// Hold wraps conn, the plugin's end of an RPC session, for the other end
// (the SDK's client): Write passes its frames to the plugin except the
// pings, which are answered at once; Read returns the plugin's frames and
// those answers, each whole. Close closes conn.
func Hold(conn io.ReadWriteCloser) io.ReadWriteCloser {
	h := &holder{conn: conn, frames: make(chan []byte, 64), done: make(chan struct{})}
	go h.readFrames()
	return h
}

type holder struct {
	conn io.ReadWriteCloser

	// Write side (one writer: yamux's send loop): the header being
	// assembled, and how much of a data frame's body is still to pass.
	hdr  []byte
	body uint32

	// Read side: whole frames, the plugin's and the pongs, in order.
	frames  chan []byte
	pending []byte
	readErr error

	mu     sync.Mutex
	closed bool
	done   chan struct{}
}

// readFrames reads the plugin's frames whole, so that a pong never lands
// inside one.
func (h *holder) readFrames() {
	defer close(h.frames)
	for {
		f := make([]byte, headerSize)
		if _, err := io.ReadFull(h.conn, f); err != nil {
			h.readErr = err
			return
		}
		if f[1] == typeData {
			n := binary.BigEndian.Uint32(f[8:12])
			f = append(f, make([]byte, n)...)
			if _, err := io.ReadFull(h.conn, f[headerSize:]); err != nil {
				h.readErr = err
				return
			}
		}
		if !h.send(f) {
			return
		}
	}
}

func (h *holder) send(f []byte) bool {
	select {
	case h.frames <- f:
		return true
	case <-h.done:
		return false
	}
}

func (h *holder) Read(b []byte) (int, error) {
	if len(h.pending) == 0 {
		f, ok := <-h.frames
		if !ok {
			if h.readErr == nil || errors.Is(h.readErr, io.ErrUnexpectedEOF) {
				return 0, io.EOF
			}
			return 0, h.readErr
		}
		h.pending = f
	}
	n := copy(b, h.pending)
	h.pending = h.pending[n:]
	return n, nil
}

func (h *holder) Write(b []byte) (int, error) {
	total := len(b)
	for len(b) > 0 {
		if h.body > 0 {
			n := min(uint32(len(b)), h.body)
			if _, err := h.conn.Write(b[:n]); err != nil {
				return total - len(b), err
			}
			h.body -= n
			b = b[n:]
			continue
		}
		n := min(headerSize-len(h.hdr), len(b))
		h.hdr = append(h.hdr, b[:n]...)
		b = b[n:]
		if len(h.hdr) < headerSize {
			break
		}
		hdr := h.hdr
		h.hdr = nil
		if hdr[1] == typePing && binary.BigEndian.Uint16(hdr[2:4])&flagSYN != 0 {
			pong := append([]byte(nil), hdr...)
			binary.BigEndian.PutUint16(pong[2:4], flagACK)
			if !h.send(pong) {
				return total - len(b), io.ErrClosedPipe
			}
			continue
		}
		if _, err := h.conn.Write(hdr); err != nil {
			return total - len(b), err
		}
		if hdr[1] == typeData {
			h.body = binary.BigEndian.Uint32(hdr[8:12])
		}
	}
	return total, nil
}

func (h *holder) Close() error {
	h.mu.Lock()
	if !h.closed {
		h.closed = true
		close(h.done)
	}
	h.mu.Unlock()
	return h.conn.Close()
}

// Relay joins core's connection to the plugin's, answering core's
// keepalive pings itself (see Hold), until either side closes; then it
// closes both.
func Relay(core, plugin io.ReadWriteCloser) {
	h := Hold(plugin)
	var once sync.Once
	end := func() { once.Do(func() { core.Close(); h.Close() }) }
	go func() { _, _ = io.Copy(h, core); end() }()
	_, _ = io.Copy(core, h)
	end()
}
