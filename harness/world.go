package harness

import (
	"bufio"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/netip"
	"strings"
	"sync"
	"time"

	"golang.org/x/net/dns/dnsmessage"

	"github.com/packer-plugin-dev/packer-plugin-dev/harness/internal/observe"
)

// World stands in for everything outside the plugin while it builds,
// provisions, post-processes or executes, and stands still: what the
// plugin reaches blocks instead of failing fast, so a scenario can tell
// where the plugin waits and cancel it there.
//
//   - Network: HTTP_PROXY and HTTPS_PROXY point at a loopback listener that
//     accepts and never answers; when tracing, every connect to an address
//     off this machine is redirected to it too, and DNS questions are
//     answered with addresses in NameRange, whose connects are redirected
//     the same way. Nothing is ever sent to an address off loopback, and
//     loopback itself is left alone: an endpoint the author configures on
//     this machine is reached as configured.
//   - Remote commands and hooks: a Communicator or Hook with World set holds
//     every command or hook call until it is cancelled.
//
// Each wait is a Hold; Held is closed at the first one.
type World struct {
	proxy      net.Listener // HTTP(S)_PROXY: a wait begins with the request
	tcp4, tcp6 net.Listener // redirected connects: a wait begins at accept; tcp6 is nil without ::1
	dns        net.PacketConn

	mu     sync.Mutex
	holds  []*Hold
	conns  []net.Conn
	names  map[netip.Addr]string
	extra  []net.Listener // one per redirected connect, which knows where it meant to go
	thawed bool           // StopHolding was called
	ca     *authority     // signs the certificates of turnAway; the plugin trusts it
	closed bool

	held     chan struct{}
	markHeld func() // closes held, once (sync.OnceFunc)
	done     chan struct{}
	wg       sync.WaitGroup
}

// NameRange holds the addresses the World's DNS answers with, one per
// name asked: loopback, so that a connect the tracer did not redirect is
// refused on this machine instead of leaving it.
var NameRange = netip.MustParsePrefix("127.77.0.0/16")

// Hold is one place the plugin waited on the World.
type Hold struct {
	What string    // "a connection to api.example.com:443", "remote command \"make\"", ...
	At   time.Time // when the wait began
	// Released is when the wait ended, zero while it lasts; By says how
	// ("the plugin closed the connection", "cancelled").
	Released time.Time
	By       string
	// Proxied says the plugin came through HTTPS_PROXY or HTTP_PROXY, as
	// it would around real Packer; otherwise the tracer redirected it.
	Proxied bool
}

// NewWorld starts the World's listeners on loopback.
func NewWorld() (_ *World, err error) {
	w := &World{names: map[netip.Addr]string{}, held: make(chan struct{}), done: make(chan struct{})}
	w.markHeld = sync.OnceFunc(func() { close(w.held) })
	if w.ca, err = newAuthority(); err != nil {
		return nil, fmt.Errorf("world: %w", err)
	}
	var opened []io.Closer
	defer func() {
		if err != nil {
			for _, c := range opened {
				c.Close()
			}
			w.ca.remove()
		}
	}()
	if w.proxy, err = net.Listen("tcp4", "127.0.0.1:0"); err != nil {
		return nil, fmt.Errorf("world: listen on loopback: %w", err)
	}
	opened = append(opened, w.proxy)
	if w.tcp4, err = net.Listen("tcp4", "127.0.0.1:0"); err != nil {
		return nil, fmt.Errorf("world: listen on loopback: %w", err)
	}
	opened = append(opened, w.tcp4)
	if w.dns, err = net.ListenPacket("udp4", "127.0.0.1:0"); err != nil {
		return nil, fmt.Errorf("world: listen for DNS on loopback: %w", err)
	}
	w.tcp6, _ = net.Listen("tcp6", "[::1]:0") // optional: IPv6 peers go to tcp4 through a v4-mapped address
	for _, ln := range []net.Listener{w.proxy, w.tcp4, w.tcp6} {
		if ln != nil {
			w.wg.Add(1)
			go w.accept(ln, "", ln == w.proxy)
		}
	}
	w.wg.Add(1)
	go w.serveDNS()
	return w, nil
}

// proxyURL is the HTTP proxy the plugin is given.
func (w *World) proxyURL() string { return "http://" + w.proxy.Addr().String() }

// Env is what a plugin's environment gets to live in the World (Start adds
// it when Options.World is set; a Packer run around the World needs it
// too): every proxy variable Go and curl read, pointing at the listener,
// and the system's certificate authorities plus the World's. The sample's
// own env comes after and wins.
func (w *World) Env() []string {
	u := w.proxyURL()
	env := []string{"HTTP_PROXY=" + u, "HTTPS_PROXY=" + u, "http_proxy=" + u, "https_proxy=" + u, "NO_PROXY=", "no_proxy="}
	for _, k := range caBundleVars {
		env = append(env, k+"="+w.ca.bundle)
	}
	return env
}

// caBundleVars name the certificate bundle to Go (SSL_CERT_FILE) and to
// the SDKs and tools that read their own variable first: the AWS SDKs'
// AWS_CA_BUNDLE replaces the system's authorities when set, as it is on
// some machines.
var caBundleVars = []string{"SSL_CERT_FILE", "AWS_CA_BUNDLE", "CURL_CA_BUNDLE", "REQUESTS_CA_BUNDLE", "NIX_SSL_CERT_FILE", "GRPC_DEFAULT_SSL_ROOTS_FILE_PATH"}

// Held is closed when the plugin first waits on the World.
func (w *World) Held() <-chan struct{} { return w.held }

// Holds returns every wait so far, in order, with where each connection
// meant to go.
func (w *World) Holds() []Hold {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := make([]Hold, len(w.holds))
	for i, h := range w.holds {
		out[i] = *h
	}
	return out
}

// hold records a wait that something else of the World (a hook, a remote
// command) holds; release ends it, saying how.
func (w *World) hold(what string) (release func(by string)) {
	h := w.add(&Hold{What: what})
	return func(by string) { w.release(h, by) }
}

func (w *World) add(h *Hold) *Hold {
	h.At = time.Now()
	w.mu.Lock()
	w.holds = append(w.holds, h)
	w.mu.Unlock()
	w.markHeld()
	return h
}

func (w *World) release(h *Hold, by string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if h.Released.IsZero() && !w.closed {
		h.Released, h.By = time.Now(), by
	}
}

// StopHolding ends the still world for what comes next: a connection made
// from now on is answered at once (see turnAway) and a remote command ends
// at once. What
// the plugin waited on before stays held. A scenario calls it when it
// cancels: the cleanup a plugin runs then (deleting what it created, often
// with context.Background() on purpose) would reach a real endpoint that
// answers, and must not be read as ignoring the cancel.
func (w *World) StopHolding() {
	w.mu.Lock()
	w.thawed = true
	w.mu.Unlock()
}

// holding reports whether new waits are still held (StopHolding was not
// called).
func (w *World) holding() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return !w.thawed
}

// Close releases every hold and stops the listeners.
func (w *World) Close() {
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return
	}
	w.closed = true
	conns, extra := w.conns, w.extra
	w.mu.Unlock()
	for _, ln := range extra {
		ln.Close()
	}
	close(w.done)
	for _, ln := range []net.Listener{w.proxy, w.tcp4, w.tcp6} {
		if ln != nil {
			ln.Close()
		}
	}
	w.dns.Close()
	for _, c := range conns {
		c.Close()
	}
	w.wg.Wait()
	w.ca.remove()
}

// accept holds every connection: it reads what the plugin sends and
// never answers. A connection through the proxy is a wait once its request
// line is in (the client speaks first, and the line says where it meant
// to go); a redirected one at once, since its listener was made for its
// connect, which said where it meant to go (dest), and some protocols wait
// for the server to speak first.
func (w *World) accept(ln net.Listener, dest string, viaProxy bool) {
	defer w.wg.Done()
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		w.mu.Lock()
		if w.closed {
			w.mu.Unlock()
			c.Close()
			return
		}
		w.conns = append(w.conns, c)
		w.mu.Unlock()
		w.wg.Add(1)
		go w.holdConn(c, dest, viaProxy)
	}
}

func (w *World) holdConn(c net.Conn, dest string, viaProxy bool) {
	defer w.wg.Done()
	r := bufio.NewReader(c)
	var h *Hold
	if !viaProxy {
		if !w.holding() {
			w.turnAway(c, r, "")
			return
		}
		what := "a connection to " + dest
		if dest == "" {
			what = "a connection redirected to the World"
		}
		h = w.add(&Hold{What: what})
	}
	line, err := r.ReadString('\n')
	if viaProxy {
		if err != nil {
			return // closed before it asked for anything
		}
		if !w.holding() {
			w.turnAway(c, r, strings.TrimSpace(line))
			return
		}
		h = w.add(&Hold{What: describeRequest(strings.TrimSpace(line)), Proxied: true})
	}
	_, _ = r.WriteTo(discard{}) // until the plugin closes it, or Close does
	w.release(h, "the plugin closed the connection")
}

type discard struct{}

func (discard) Write(b []byte) (int, error) { return len(b), nil }

// describeRequest names a request made through the proxy by its first line.
func describeRequest(line string) string {
	method, rest, _ := strings.Cut(line, " ")
	target, _, _ := strings.Cut(rest, " ")
	if method == "CONNECT" {
		return "a connection to " + target + " through HTTPS_PROXY"
	}
	return fmt.Sprintf("a request %s %s through HTTP_PROXY", method, target)
}

// destination renders addr with the name the World's DNS gave it.
func (w *World) destination(addr string) string {
	ap, err := netip.ParseAddrPort(addr)
	if err != nil {
		return addr
	}
	w.mu.Lock()
	name, ok := w.names[ap.Addr()]
	w.mu.Unlock()
	if ok {
		return fmt.Sprintf("%s:%d", name, ap.Port())
	}
	return addr
}

// redirect is the tracer's Options.Redirect: off-machine peers and the
// World's own names go to the World's listener, DNS and other datagrams to
// its DNS server.
func (w *World) redirect(e observe.Event) (netip.AddrPort, bool) {
	ap, err := netip.ParseAddrPort(e.Addr)
	if err != nil {
		return netip.AddrPort{}, false
	}
	a := ap.Addr().Unmap()
	ours := NameRange.Contains(a)
	if e.Proto == "udp" {
		if ap.Port() == 53 || ours || !a.IsLoopback() {
			return netip.MustParseAddrPort(w.dns.LocalAddr().String()), true
		}
		return netip.AddrPort{}, false
	}
	if !ours && (a.IsLoopback() || a.IsUnspecified()) {
		return netip.AddrPort{}, false
	}
	ln := w.tcp4
	if a.Is6() && w.tcp6 != nil {
		ln = w.tcp6
	}
	if own := w.listenFor(ln, e.Addr); own != nil {
		ln = own
	}
	return netip.MustParseAddrPort(ln.Addr().String()), true
}

// listenFor makes the listener of one redirected connect, like shared
// (same family), so that its wait is named by where the connect meant to
// go; nil once the World stops holding (turnAway needs no name) or closes.
func (w *World) listenFor(shared net.Listener, addr string) net.Listener {
	if !w.holding() {
		return nil
	}
	ln, err := net.Listen(shared.Addr().Network(), netip.AddrPortFrom(netip.MustParseAddrPort(shared.Addr().String()).Addr(), 0).String())
	if err != nil {
		return nil
	}
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		ln.Close()
		return nil
	}
	w.extra = append(w.extra, ln)
	w.wg.Add(1)
	w.mu.Unlock()
	go w.accept(ln, w.destination(addr), false)
	return ln
}

// serveDNS answers every A question with an address of NameRange, one per
// name, and every other question with no record. A datagram that is not
// DNS is a hold: nothing will ever answer it.
func (w *World) serveDNS() {
	defer w.wg.Done()
	buf := make([]byte, 4096)
	for {
		n, from, err := w.dns.ReadFrom(buf)
		if err != nil {
			return
		}
		reply, err := w.answer(buf[:n])
		if err != nil {
			w.add(&Hold{What: "a datagram to " + from.String() + " that nothing answers"})
			continue
		}
		_, _ = w.dns.WriteTo(reply, from)
	}
}

func (w *World) answer(query []byte) ([]byte, error) {
	var p dnsmessage.Parser
	hdr, err := p.Start(query)
	if err != nil {
		return nil, err
	}
	q, err := p.Question()
	if err != nil {
		return nil, err
	}
	if hdr.Response {
		return nil, errors.New("not a query")
	}
	b := dnsmessage.NewBuilder(nil, dnsmessage.Header{ID: hdr.ID, Response: true, Authoritative: true, RecursionDesired: hdr.RecursionDesired, RecursionAvailable: true})
	b.EnableCompression()
	if err := b.StartQuestions(); err != nil {
		return nil, err
	}
	if err := b.Question(q); err != nil {
		return nil, err
	}
	if err := b.StartAnswers(); err != nil {
		return nil, err
	}
	if q.Type == dnsmessage.TypeA && q.Class == dnsmessage.ClassINET {
		a := w.nameAddr(strings.TrimSuffix(q.Name.String(), "."))
		rr := dnsmessage.AResource{A: a.As4()}
		if err := b.AResource(dnsmessage.ResourceHeader{Name: q.Name, Class: dnsmessage.ClassINET, TTL: 60}, rr); err != nil {
			return nil, err
		}
	}
	return b.Finish()
}

// nameAddr is the address of NameRange given to name, the same each time.
func (w *World) nameAddr(name string) netip.Addr {
	w.mu.Lock()
	defer w.mu.Unlock()
	for a, n := range w.names {
		if n == name {
			return a
		}
	}
	base := NameRange.Addr().As4()
	i := len(w.names) + 1
	a := netip.AddrFrom4([4]byte{base[0], base[1], byte(i >> 8), byte(i)})
	w.names[a] = name
	return a
}

// turnAway is what the World says once it stops holding: what a real
// endpoint says to a request it refuses, at once and for good, so that no
// client retries (SDKs retry dropped connections and TLS failures, not a
// 403): TLS, when the client starts it, with a certificate of the World's
// authority, which the plugin trusts (SSL_CERT_FILE), then "403 Forbidden".
// request is the proxy request line, "" for a redirected connection.
func (w *World) turnAway(c net.Conn, r *bufio.Reader, request string) {
	defer c.Close()
	if request != "" {
		if !skipHeader(r) {
			return
		}
		if !strings.HasPrefix(request, "CONNECT ") {
			forbid(c)
			return
		}
		if _, err := io.WriteString(c, "HTTP/1.1 200 Connection established\r\n\r\n"); err != nil {
			return
		}
	}
	// What the client sends now: TLS, or a plain HTTP request.
	var conn net.Conn = bufferedConn{c, r}
	b, err := r.Peek(1)
	if err != nil {
		return
	}
	if b[0] == 0x16 { // a TLS handshake record
		tc := tls.Server(conn, w.ca.serverConfig())
		if tc.Handshake() != nil {
			return
		}
		conn, r = tc, bufio.NewReader(tc)
	}
	if _, err := r.ReadString('\n'); err != nil || !skipHeader(r) {
		return
	}
	forbid(conn)
}

// forbid answers an HTTP request with 403 and closes.
func forbid(w io.Writer) {
	const body = "packer-plugin-dev: the build was cancelled; nothing here\n"
	_, _ = fmt.Fprintf(w, "HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s", len(body), body)
}

// skipHeader reads an HTTP header up to its empty line.
func skipHeader(r *bufio.Reader) bool {
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return false
		}
		if strings.TrimSpace(line) == "" {
			return true
		}
	}
}

// bufferedConn reads through the reader that already holds the start of
// the connection.
type bufferedConn struct {
	net.Conn
	r *bufio.Reader
}

func (c bufferedConn) Read(b []byte) (int, error) { return c.r.Read(b) }
