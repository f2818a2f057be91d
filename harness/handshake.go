package harness

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"

	"github.com/hashicorp/packer-plugin-sdk/plugin"
)

// The plugin API Packer 1.16.0 speaks: the SDK's (v0.6.10), which core
// itself takes its version from. The handshake carries the major and
// minor; describe and release names carry APIVersion, "x5.0".
var (
	APIVersionMajor = plugin.APIVersionMajor
	APIVersionMinor = plugin.APIVersionMinor
	APIVersion      = "x" + plugin.APIVersionMajor + "." + plugin.APIVersionMinor
)

// Handshake is the plugin's first stdout line, `5|0|unix|/path`.
type Handshake struct {
	APIMajor, APIMinor string
	Network            string // "unix" or "tcp"
	Address            string // socket path or host:port
}

func (h Handshake) String() string {
	return strings.Join([]string{h.APIMajor, h.APIMinor, h.Network, h.Address}, "|")
}

// Reasons a handshake line is refused; test with errors.Is.
var (
	ErrHandshakeProtocol4 = errors.New("protocol version 4 handshake (3 fields): Packer 1.7 and later refuse it; rebuild the plugin with packer-plugin-sdk")
	ErrHandshakeMalformed = errors.New("unrecognized remote plugin message: want `MAJOR|MINOR|NETWORK|ADDRESS` as the first stdout line")
	ErrHandshakeAPIMajor  = errors.New("incompatible API major version")
	ErrHandshakeAPIMinor  = errors.New("API minor version newer than this Packer speaks")
	ErrHandshakeNetwork   = errors.New("unknown address type: want unix or tcp")
	ErrHandshakeAddress   = errors.New("address does not resolve")
)

// HandshakeError says why a handshake line was refused.
type HandshakeError struct {
	Line string // the line as read, without its newline
	Err  error  // one of the ErrHandshake* values
	// Detail adds what was wrong, e.g. the version found.
	Detail string
}

func (e *HandshakeError) Error() string {
	msg := fmt.Sprintf("handshake %q: %v", e.Line, e.Err)
	if e.Detail != "" {
		msg += " (" + e.Detail + ")"
	}
	return msg
}

func (e *HandshakeError) Unwrap() error { return e.Err }

// ParseHandshake validates one handshake line the way core does: surrounding
// space is trimmed, the line is split on "|" into at most 4 fields, 3 fields
// is the refused protocol 4, fewer than 4 is unrecognized, the major version
// must be "5", the minor version must not be greater than "0" (compared as
// strings, as core does), the network must be unix or tcp and the address
// must resolve for it. A tcp host must be an IP literal or localhost: core
// would resolve a name, the harness refuses to do DNS for a plugin.
func ParseHandshake(line string) (Handshake, error) {
	trimmed := strings.TrimSpace(line)
	parts := strings.SplitN(trimmed, "|", 4)
	fail := func(err error, detail string) (Handshake, error) {
		return Handshake{}, &HandshakeError{Line: strings.TrimRight(line, "\r\n"), Err: err, Detail: detail}
	}
	switch {
	case len(parts) == 3:
		return fail(ErrHandshakeProtocol4, "")
	case len(parts) < 4:
		return fail(ErrHandshakeMalformed, "")
	}
	h := Handshake{APIMajor: parts[0], APIMinor: parts[1], Network: parts[2], Address: parts[3]}
	if h.APIMajor != APIVersionMajor {
		return fail(ErrHandshakeAPIMajor, fmt.Sprintf("plugin speaks %q, Packer speaks %q", h.APIMajor, APIVersionMajor))
	}
	if h.APIMinor > APIVersionMinor {
		return fail(ErrHandshakeAPIMinor, fmt.Sprintf("plugin speaks %q, Packer speaks %q and below", h.APIMinor, APIVersionMinor))
	}
	var err error
	switch h.Network {
	case "tcp":
		err = checkTCPAddress(h.Address)
	case "unix":
		if h.Address == "" {
			err = errors.New("empty socket path")
		} else {
			_, err = net.ResolveUnixAddr("unix", h.Address)
		}
	default:
		return fail(ErrHandshakeNetwork, fmt.Sprintf("got %q", h.Network))
	}
	if err != nil {
		return fail(ErrHandshakeAddress, err.Error())
	}
	return h, nil
}

// checkTCPAddress accepts host:port with a literal IP (or localhost) and a
// numeric port, without any DNS lookup.
func checkTCPAddress(addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return err
	}
	if host != "localhost" && net.ParseIP(host) == nil {
		return fmt.Errorf("host %q is not an IP address", host)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 || strings.TrimLeft(port, "0123456789") != "" {
		return fmt.Errorf("port %q is not a number from 0 to 65535", port)
	}
	return nil
}
