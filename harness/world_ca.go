package harness

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/packer-plugin-dev/packer-plugin-dev/internal/scratch"
)

// authority is the World's certificate authority: once the World stops
// holding, it answers TLS as the host the plugin asked for, with a
// certificate the plugin trusts, so that its refusal is a plain HTTP 403
// and not a TLS failure that clients retry.
type authority struct {
	key    *ecdsa.PrivateKey
	cert   *x509.Certificate
	dir    string
	bundle string // the system's authorities and this one, for SSL_CERT_FILE

	mu     sync.Mutex
	leaves map[string]*tls.Certificate
}

// systemBundles are where Linux distributions keep the trusted
// authorities, as Go's crypto/x509 looks for them.
var systemBundles = []string{
	"/etc/ssl/certs/ca-certificates.crt",
	"/etc/pki/tls/certs/ca-bundle.crt",
	"/etc/ssl/ca-bundle.pem",
	"/etc/pki/tls/cacert.pem",
	"/etc/ssl/cert.pem",
}

// worldPrefix names the folder of a World's certificate bundle.
const worldPrefix = "packer-plugin-dev-world-"

func newAuthority() (*authority, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "packer-plugin-dev world (a test authority)"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(7 * 24 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, err
	}
	cert, _ := x509.ParseCertificate(der)
	a := &authority{key: key, cert: cert, leaves: map[string]*tls.Certificate{}}
	if a.dir, err = scratch.MkdirTemp("", worldPrefix); err != nil {
		return nil, err
	}
	var bundle []byte
	for _, p := range append([]string{os.Getenv("SSL_CERT_FILE")}, systemBundles...) {
		if b, err := os.ReadFile(p); p != "" && err == nil {
			bundle = append(b, '\n')
			break
		}
	}
	bundle = append(bundle, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})...)
	a.bundle = filepath.Join(a.dir, "ca-bundle.pem")
	if err := os.WriteFile(a.bundle, bundle, 0o644); err != nil {
		a.remove()
		return nil, fmt.Errorf("writing the certificate bundle: %w", err)
	}
	return a, nil
}

func (a *authority) remove() { _ = scratch.RemoveAll(a.dir) }

// serverConfig answers each TLS client as the host it names.
func (a *authority) serverConfig() *tls.Config {
	return &tls.Config{GetCertificate: func(hello *tls.ClientHelloInfo) (*tls.Certificate, error) {
		return a.leaf(hello.ServerName)
	}}
}

// leaf is a certificate for host (a name, an address, or "" for a client
// that named none), made once.
func (a *authority) leaf(host string) (*tls.Certificate, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if c, ok := a.leaves[host]; ok {
		return c, nil
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(int64(len(a.leaves) + 2)),
		Subject:      pkix.Name{CommonName: host},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(7 * 24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	if ip := net.ParseIP(host); ip != nil {
		tmpl.IPAddresses = []net.IP{ip}
	} else if host != "" {
		tmpl.DNSNames = []string{host}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, a.cert, &key.PublicKey, a.key)
	if err != nil {
		return nil, err
	}
	c := &tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
	a.leaves[host] = c
	return c, nil
}
