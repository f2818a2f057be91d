package conformance

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
)

// The pieces of the cancel verdict that are plain values.

func TestCancelEvidence(t *testing.T) {
	at := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	holds := []harness.Hold{
		{What: "the packer_provision hook", Released: at.Add(time.Millisecond), By: "cancelled"},
		{What: "a connection to api.example.com:443", Released: at.Add(7 * time.Millisecond), By: "the plugin closed the connection"},
		{What: "a connection released before the cancel", Released: at.Add(-time.Second), By: "the plugin closed the connection"},
		{What: "a connection still held"},
	}
	got := cancelEvidence(holds, at)
	want := " (the cancel reached the packer_provision hook; a connection to api.example.com:443 ended 7ms after the cancel: the plugin closed the connection)"
	if got != want {
		t.Errorf("cancelEvidence = %q\nwant %q", got, want)
	}
	if got := cancelEvidence(holds[2:], at); got != "" {
		t.Errorf("nothing the cancel ended: %q, want no evidence", got)
	}
}

func TestReadsAsCancellation(t *testing.T) {
	for text, want := range map[string]bool{
		"context canceled":          true,
		"Build was cancelled.":      true,
		"Build was halted.":         true,
		"interrupted":               true,
		"context deadline exceeded": true,
		`Get "https://api.example.com": dial tcp: lookup api.example.com: no such host`: false,
		"connection refused":                           false,
		"Script exited with non-zero exit status: 130": false,
	} {
		if got := readsAsCancellation(errors.New(text)); got != want {
			t.Errorf("readsAsCancellation(%q) = %v, want %v", text, got, want)
		}
	}
}

func TestNeverWaited(t *testing.T) {
	c := &harness.Call{Name: "PostProcess", Start: time.Unix(0, 0), End: time.Unix(0, int64(19*time.Millisecond))}
	if got := neverWaited(c, "PostProcess", nil); got != "PostProcess returned in 19ms, with no error, without waiting on anything outside the plugin (no connection, remote command or hook was held)" {
		t.Errorf("success: %q", got)
	}
	if got := neverWaited(c, "PostProcess", errors.New("no such host")); !strings.Contains(got, `returned in 19ms, failing with "no such host", without`) {
		t.Errorf("own failure: %q", got)
	}
	timeout := fmt.Errorf("PostProcess: %w", harness.ErrCallTimeout)
	if got := neverWaited(nil, "PostProcess", timeout); !strings.Contains(got, "neither returned nor waited on anything outside the plugin") {
		t.Errorf("call timeout: %q", got)
	}
}

func TestMissingDownloads(t *testing.T) {
	comm := &harness.Communicator{}
	comm.SetFile("/etc/hostname", []byte("box\n"))
	var sink strings.Builder
	_ = comm.Download("/etc/hostname", &sink)
	_ = comm.Download("/etc/os-release", &sink)
	_ = comm.Download("/etc/os-release", &sink)
	if got := missingDownloads(comm); len(got) != 1 || got[0] != "/etc/os-release" {
		t.Errorf("missingDownloads = %v, want the one file the machine lacks, once", got)
	}
}

func TestMs(t *testing.T) {
	for d, want := range map[time.Duration]string{0: "under 1ms", 400 * time.Microsecond: "under 1ms", 1500 * time.Microsecond: "2ms", 5 * time.Second: "5s"} {
		if got := ms(d); got != want {
			t.Errorf("ms(%v) = %q, want %q", d, got, want)
		}
	}
}
