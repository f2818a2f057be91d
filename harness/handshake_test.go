package harness

import (
	"errors"
	"strings"
	"testing"
)

func TestParseHandshake(t *testing.T) {
	ok := []struct {
		line string
		want Handshake
	}{
		{"5|0|unix|/tmp/packer-plugin123\n", Handshake{"5", "0", "unix", "/tmp/packer-plugin123"}},
		{"  5|0|tcp|127.0.0.1:10000\r\n", Handshake{"5", "0", "tcp", "127.0.0.1:10000"}},
		{"5|0|tcp|[::1]:25000", Handshake{"5", "0", "tcp", "[::1]:25000"}},
		// Core splits into at most 4 fields: a path may contain "|".
		{"5|0|unix|/tmp/a|b", Handshake{"5", "0", "unix", "/tmp/a|b"}},
	}
	for _, tc := range ok {
		got, err := ParseHandshake(tc.line)
		if err != nil {
			t.Errorf("ParseHandshake(%q): %v", tc.line, err)
			continue
		}
		if got != tc.want {
			t.Errorf("ParseHandshake(%q) = %+v, want %+v", tc.line, got, tc.want)
		}
	}

	bad := []struct {
		line string
		want error
	}{
		{"5|unix|/tmp/x", ErrHandshakeProtocol4},
		{"4|tcp|127.0.0.1:1234", ErrHandshakeProtocol4},
		{"", ErrHandshakeMalformed},
		{"hello from the plugin", ErrHandshakeMalformed},
		{"5|0", ErrHandshakeMalformed},
		{"6|0|unix|/tmp/x", ErrHandshakeAPIMajor},
		{"05|0|unix|/tmp/x", ErrHandshakeAPIMajor},
		{"5|1|unix|/tmp/x", ErrHandshakeAPIMinor},
		{"5|a|unix|/tmp/x", ErrHandshakeAPIMinor}, // "a" > "0" as strings, as core compares
		{"5|0|udp|127.0.0.1:1", ErrHandshakeNetwork},
		{"5|0|UNIX|/tmp/x", ErrHandshakeNetwork},
		{"5|0|unix|", ErrHandshakeAddress},
		{"5|0|tcp|127.0.0.1", ErrHandshakeAddress},
		{"5|0|tcp|127.0.0.1:99999", ErrHandshakeAddress},
		{"5|0|tcp|example.com:80", ErrHandshakeAddress}, // no DNS for a plugin's address
	}
	for _, tc := range bad {
		_, err := ParseHandshake(tc.line)
		if !errors.Is(err, tc.want) {
			t.Errorf("ParseHandshake(%q) = %v, want %v", tc.line, err, tc.want)
			continue
		}
		var herr *HandshakeError
		if !errors.As(err, &herr) || herr.Line != strings.TrimRight(tc.line, "\r\n") {
			t.Errorf("ParseHandshake(%q): error %v does not carry the line", tc.line, err)
		}
	}
}

// FuzzParseHandshake checks the parser never panics and that whatever it
// accepts is a handshake core would accept too, and prints back to itself.
// Seeds: testdata/fuzz/FuzzParseHandshake.
func FuzzParseHandshake(f *testing.F) {
	f.Add("5|0|unix|/tmp/packer-plugin1\n")
	f.Add("5|0|tcp|127.0.0.1:10000")
	f.Fuzz(func(t *testing.T, line string) {
		h, err := ParseHandshake(line)
		if err != nil {
			var herr *HandshakeError
			if !errors.As(err, &herr) {
				t.Fatalf("error %v is not a *HandshakeError", err)
			}
			return
		}
		if h.APIMajor != APIVersionMajor || h.APIMinor > APIVersionMinor {
			t.Fatalf("accepted version %s.%s", h.APIMajor, h.APIMinor)
		}
		if h.Network != "unix" && h.Network != "tcp" {
			t.Fatalf("accepted network %q", h.Network)
		}
		if h.Address == "" {
			t.Fatal("accepted an empty address")
		}
		again, err := ParseHandshake(h.String())
		if err != nil || again != h {
			t.Fatalf("round trip of %q: %+v, %v", h.String(), again, err)
		}
	})
}
