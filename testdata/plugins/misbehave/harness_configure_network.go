package main

// Post-processors that reach the network in Configure. Their `target` is
// the address (tcp-closed-port, default 127.0.0.1:1, a port nothing listens
// on) or the URL (http-request) the test picks. Failures are ignored: the
// attempt is the defect.

import (
	"net"
	"net/http"
	"time"
)

type hxTCPClosedPort struct{ hxPP }

func (p *hxTCPClosedPort) Configure(raws ...any) error {
	if err := p.config.decode(raws...); err != nil {
		return err
	}
	addr := p.config.Target
	if addr == "" {
		addr = "127.0.0.1:1"
	}
	if c, err := net.DialTimeout("tcp", addr, 2*time.Second); err == nil {
		c.Close()
	}
	return nil
}

type hxHTTPRequest struct{ hxPP }

func (p *hxHTTPRequest) Configure(raws ...any) error {
	if err := p.config.decode(raws...); err != nil {
		return err
	}
	client := &http.Client{Timeout: 5 * time.Second}
	if resp, err := client.Get(p.config.Target); err == nil {
		resp.Body.Close()
	}
	return nil
}

func init() {
	postProcessors["tcp-closed-port"] = &hxTCPClosedPort{}
	postProcessors["http-request"] = &hxHTTPRequest{}
}
