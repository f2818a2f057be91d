package harness

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/hashicorp/packer-plugin-sdk/packer"
	"golang.org/x/net/dns/dnsmessage"
)

func newTestWorld(t *testing.T) *World {
	t.Helper()
	w, err := NewWorld()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.Close)
	return w
}

// TestWorldRedirectRule: what leaves the machine, and the World's own
// names, go to the World, each connect to a listener of its own that knows
// where it meant to go; loopback stays where the author pointed it.
func TestWorldRedirectRule(t *testing.T) {
	w := newTestWorld(t)
	dns := w.dns.LocalAddr().String()
	for _, c := range []struct {
		proto, addr, want string // want: "tcp4", "tcp6", the DNS server, or "" (left alone)
	}{
		{"tcp", "203.0.113.5:443", "tcp4"},
		{"tcp", "127.77.0.1:443", "tcp4"},
		{"tcp", "[2001:db8::1]:443", "tcp6"},
		{"tcp", "127.0.0.1:22", ""},
		{"tcp", "[::1]:8080", ""},
		{"udp", "10.255.255.53:53", dns},
		{"udp", "127.0.0.53:53", dns},
		{"udp", "192.0.2.1:123", dns},
		{"udp", "127.0.0.1:9999", ""},
		{"unix", "/run/x.sock", ""},
	} {
		if c.want == "tcp6" && w.tcp6 == nil {
			c.want = "tcp4" // no ::1 here: a v4-mapped address
		}
		to, ok := w.redirect(Event{Kind: EventNetwork, Proto: c.proto, Addr: c.addr})
		got := ""
		switch {
		case !ok:
		case to.String() == dns:
			got = dns
		case to.Addr() == netip.MustParseAddr("127.0.0.1"):
			got = "tcp4"
		case to.Addr() == netip.IPv6Loopback():
			got = "tcp6"
		default:
			got = to.String()
		}
		if got != c.want {
			t.Errorf("redirect(%s %s) = %q, want %q", c.proto, c.addr, got, c.want)
		}
	}
}

// TestWorldNamesRedirectedConnections: a connect redirected to the World
// is held, named by where it meant to go, with the name DNS gave it.
func TestWorldNamesRedirectedConnections(t *testing.T) {
	w := newTestWorld(t)
	reply, err := w.answer(dnsQuery(t, "api.example.com"))
	if err != nil {
		t.Fatal(err)
	}
	var p dnsmessage.Parser
	if _, err := p.Start(reply); err != nil {
		t.Fatal(err)
	}
	_ = p.SkipAllQuestions()
	if _, err := p.AnswerHeader(); err != nil {
		t.Fatal(err)
	}
	a, err := p.AResource()
	if err != nil {
		t.Fatal(err)
	}
	to, ok := w.redirect(Event{Kind: EventNetwork, Proto: "tcp", Addr: netip.AddrPortFrom(netip.AddrFrom4(a.A), 443).String()})
	if !ok {
		t.Fatal("a connect to the World's own name was not redirected")
	}
	c, err := net.Dial("tcp", to.String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	<-w.Held()
	if holds := w.Holds(); len(holds) != 1 || holds[0].What != "a connection to api.example.com:443" || holds[0].Proxied {
		t.Errorf("holds = %+v, want the connection named by the host it asked for", holds)
	}
}

func dnsQuery(t *testing.T, name string) []byte {
	t.Helper()
	b := dnsmessage.NewBuilder(nil, dnsmessage.Header{ID: 7, RecursionDesired: true})
	_ = b.StartQuestions()
	_ = b.Question(dnsmessage.Question{Name: dnsmessage.MustNewName(name + "."), Type: dnsmessage.TypeA, Class: dnsmessage.ClassINET})
	q, err := b.Finish()
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// TestWorldDNS answers a name with an address of NameRange, the same one
// each time, and names it in the description of a connection to it.
func TestWorldDNS(t *testing.T) {
	w := newTestWorld(t)
	r := &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, _, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, "udp", w.dns.LocalAddr().String())
	}}
	var got []string
	for _, name := range []string{"api.example.com", "other.example.com", "api.example.com"} {
		addrs, err := r.LookupNetIP(context.Background(), "ip4", name)
		if err != nil || len(addrs) != 1 || !NameRange.Contains(addrs[0]) {
			t.Fatalf("LookupNetIP(%s) = %v, %v; want one address in %s", name, addrs, err, NameRange)
		}
		got = append(got, addrs[0].String())
	}
	if got[0] != got[2] || got[0] == got[1] {
		t.Errorf("addresses %v: want one per name, the same each time", got)
	}
	if d := w.destination(netip.AddrPortFrom(netip.MustParseAddr(got[0]), 443).String()); d != "api.example.com:443" {
		t.Errorf("destination = %q, want the name asked", d)
	}
}

// TestWorldHoldsProxiedRequest: a request through HTTPS_PROXY is held
// until the client gives up, and the hold says where it meant to go.
func TestWorldHoldsProxiedRequest(t *testing.T) {
	w := newTestWorld(t)
	proxy, _ := url.Parse(w.proxyURL())
	client := &http.Client{Transport: &http.Transport{Proxy: http.ProxyURL(proxy)}}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		req, _ := http.NewRequestWithContext(ctx, "GET", "https://api.example.com/v2/images", nil)
		_, err := client.Do(req)
		errc <- err
	}()
	<-w.Held()
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("the held request ended with %v, want the cancel", err)
	}
	client.CloseIdleConnections()
	w.Close()
	holds := w.Holds()
	if len(holds) != 1 || !strings.Contains(holds[0].What, "api.example.com:443 through HTTPS_PROXY") {
		t.Fatalf("holds = %+v, want one connection to api.example.com:443 through the proxy", holds)
	}
}

// TestWorldHoldsCommandsAndHooks: a command runs and a hook waits until
// cancelled, each a hold released by the cancel.
func TestWorldHoldsCommandsAndHooks(t *testing.T) {
	w := newTestWorld(t)
	comm := &Communicator{World: w}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := &packer.RemoteCmd{Command: "sleep forever"}
	if err := comm.Start(ctx, cmd); err != nil {
		t.Fatal(err)
	}
	<-w.Held()
	cancel()
	if status := cmd.Wait(); status != packer.CmdDisconnect {
		t.Errorf("exit status %d, want CmdDisconnect", status)
	}
	hw := newTestWorld(t)
	hook := &Hook{World: hw}
	hctx, hcancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- hook.Run(hctx, packer.HookProvision, nil, nil, nil) }()
	<-hw.Held()
	hcancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Errorf("hook returned %v, want the cancel", err)
	}
	holds := append(w.Holds(), hw.Holds()...)
	if len(holds) != 2 || holds[0].What != `remote command "sleep forever"` || holds[1].What != "the packer_provision hook" {
		t.Fatalf("holds = %+v", holds)
	}
	for _, h := range holds {
		if h.By != "cancelled" || h.Released.IsZero() {
			t.Errorf("hold %q: released %v by %q, want by the cancel", h.What, h.Released, h.By)
		}
	}
}

// TestWorldStopHolding: after the cancel, what the plugin does to clean up
// meets an answer at once, while what it waited on before stays held.
func TestWorldStopHolding(t *testing.T) {
	w := newTestWorld(t)
	before, err := net.Dial("tcp", w.tcp4.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer before.Close()
	<-w.Held()
	w.StopHolding()
	// What a cleanup asks now gets the answer a client does not retry, as
	// the host it asked for (the plugin trusts the World's authority):
	// 403, whether direct, through the proxy, over TLS or not.
	roots := x509.NewCertPool()
	roots.AddCert(w.ca.cert)
	direct := &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			return net.Dial("tcp", w.tcp4.Addr().String())
		},
		TLSClientConfig: &tls.Config{RootCAs: roots},
	}}
	proxy, _ := url.Parse(w.proxyURL())
	proxied := &http.Client{Transport: &http.Transport{Proxy: http.ProxyURL(proxy), TLSClientConfig: &tls.Config{RootCAs: roots}}}
	for _, c := range []struct {
		how    string
		client *http.Client
		url    string
	}{
		{"direct TLS", direct, "https://api.example.com/cleanup"},
		{"direct HTTP", direct, "http://api.example.com/cleanup"},
		{"TLS through the proxy", proxied, "https://api.example.com/cleanup"},
		{"HTTP through the proxy", proxied, "http://api.example.com/cleanup"},
	} {
		resp, err := c.client.Get(c.url)
		if err != nil || resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s after StopHolding: %v, %v; want 403", c.how, resp, err)
			continue
		}
		resp.Body.Close()
	}
	comm := &Communicator{World: w}
	cmd := &packer.RemoteCmd{Command: "cleanup"}
	if err := comm.Start(context.Background(), cmd); err != nil {
		t.Fatal(err)
	}
	if status := cmd.Wait(); status != 0 {
		t.Errorf("a command after StopHolding exited %d, want it to end at once with 0", status)
	}
	if holds := w.Holds(); len(holds) != 1 || !holds[0].Released.IsZero() {
		t.Errorf("holds = %+v, want only the connection made before, still held", holds)
	}
}

// The plugin trusts the system's authorities and the World's, through
// SSL_CERT_FILE, and Close removes the bundle.
func TestWorldCertificateBundle(t *testing.T) {
	w, err := NewWorld()
	if err != nil {
		t.Fatal(err)
	}
	var bundle string
	for _, kv := range w.Env() {
		if v, ok := strings.CutPrefix(kv, "SSL_CERT_FILE="); ok {
			bundle = v
		}
	}
	pemBytes, err := os.ReadFile(bundle)
	if err != nil {
		t.Fatalf("SSL_CERT_FILE=%q: %v", bundle, err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pemBytes) {
		t.Fatal("the bundle holds no certificate")
	}
	leaf, err := w.ca.leaf("api.example.com")
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(leaf.Certificate[0])
	if _, err := cert.Verify(x509.VerifyOptions{DNSName: "api.example.com", Roots: pool}); err != nil {
		t.Errorf("a certificate of the World does not verify against the bundle: %v", err)
	}
	w.Close()
	if _, err := os.Stat(bundle); !os.IsNotExist(err) {
		t.Errorf("the bundle is still there after Close: %v", err)
	}
}
