package conformance

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
)

// Pieces of scenarios shared by the kind files: input artifacts, the last
// call of a name, cancellation, leftover files.

// inputFiles are the files of the input artifact a post-processor gets, as
// a builder would leave them.
var inputFiles = map[string][]byte{
	"image.raw":     bytes.Repeat([]byte("conformance image\n"), 64),
	"manifest.json": []byte(`{"builds":[{"name":"conformance","builder_type":"null"}]}` + "\n"),
}

// input is the input artifact a post-processor of this component gets:
// its sample block's input_artifact, else what artifice gives.
func (t *checkEnv) input() *inputSpec {
	if b := t.suite.sample.block(t.Component); b != nil && b.input != nil {
		return b.input
	}
	return defaultInput()
}

// newInput creates a fresh input artifact in p's sandbox (removed by
// Close).
func (t *checkEnv) newInput(p *harness.Plugin, name string) (*harness.FileArtifact, error) {
	spec := t.input()
	a, err := harness.NewFileArtifact(filepath.Join(p.Sandbox().Artifacts, name), spec.files)
	if err != nil {
		return nil, fmt.Errorf("creating the input artifact: %w", err)
	}
	a.SetBuilderID(spec.builderID)
	a.SetID(spec.id)
	for k, v := range spec.state {
		a.SetState(k, v)
	}
	return a, nil
}

// describe says what the input artifact is, for messages.
func (s *inputSpec) describe() string {
	return fmt.Sprintf("an input artifact of builder id %q with %s", s.builderID, plural(len(s.files), "file"))
}

// generatedData is what core passes as build values.
func generatedData() map[string]interface{} {
	return map[string]interface{}{
		"PackerRunUUID": "conformance-run", "ID": "conformance", "ConnType": "ssh",
		"Host": "127.0.0.1", "Port": int64(22), "User": "packer", "PackerHTTPAddr": "",
	}
}

// lastCall returns the last call named name, or nil.
func lastCall(p *harness.Plugin, name string) *harness.Call {
	calls := p.Calls()
	for i := len(calls) - 1; i >= 0; i-- {
		if calls[i].Name == name {
			return calls[i]
		}
	}
	return nil
}

// artifactPath is where a file an artifact of p lists is. Core and the
// plugin share a working directory, so a relative path is relative to the
// plugin's working folder, not to the suite's.
func artifactPath(p *harness.Plugin, f string) string {
	if filepath.IsAbs(f) {
		return f
	}
	return filepath.Join(p.Sandbox().Work, f)
}

// snapshotFiles reads the content of the files an artifact of p lists, by
// resolved path, to notice modification.
func snapshotFiles(p *harness.Plugin, files []string) map[string][]byte {
	out := map[string][]byte{}
	for _, f := range files {
		path := artifactPath(p, f)
		if b, err := os.ReadFile(path); err == nil {
			out[path] = b
		}
	}
	return out
}

// missingFiles lists the files an artifact of p lists that do not exist,
// as listed, with where a relative one was looked for.
func missingFiles(p *harness.Plugin, files []string) []string {
	var out []string
	for _, f := range files {
		path := artifactPath(p, f)
		if _, err := os.Lstat(path); err != nil {
			if path != f {
				f += " (relative to the plugin's working directory: " + path + ")"
			}
			out = append(out, f)
		}
	}
	return out
}

// existingFiles lists the files an artifact of p lists that exist now.
func existingFiles(p *harness.Plugin, files []string) []string {
	var out []string
	for _, f := range files {
		if _, err := os.Lstat(artifactPath(p, f)); err == nil {
			out = append(out, f)
		}
	}
	return out
}

// createdAndLeft lists paths a call created (files, folders, rename and
// link targets) that still exist.
func createdAndLeft(c *harness.Call) []string {
	seen := map[string]bool{}
	var out []string
	for _, e := range c.Events {
		if e.Kind != harness.EventFile || e.Result < 0 {
			continue
		}
		var path string
		switch e.Op {
		case "create", "mkdir":
			path = e.Path
		case "rename", "link", "symlink":
			path = e.NewPath
		default:
			continue
		}
		if path == "" || seen[path] {
			continue
		}
		seen[path] = true
		if _, err := os.Lstat(path); err == nil {
			out = append(out, path)
		}
	}
	return out
}

// cancelAfter is how long a cancel scenario lets a call run before
// cancelling it when the plugin gives no sign it is busy (a hook or
// communicator call).
const cancelAfter = 300 * time.Millisecond

// cancelScenario runs call with a context it cancels when busy is closed
// or after cancelAfter, and judges how the plugin honoured the cancel.
func (t *checkEnv) cancelScenario(p *harness.Plugin, method string, busy <-chan struct{}, call func(ctx context.Context) error) error {
	ctx, cancel := context.WithCancel(t.ctx)
	defer cancel()
	go func() {
		select {
		case <-busy:
		case <-time.After(cancelAfter):
		case <-ctx.Done():
		}
		cancel()
	}()
	err := call(ctx)
	c := lastCall(p, method)
	if c == nil {
		return failf("%s was not called", method)
	}
	timeout := t.suite.opts.CancelTimeout
	if errors.Is(err, harness.ErrCancelIgnored) {
		return failf("%s did not return within %v of being cancelled, as core cancels it on Ctrl-C or when another build fails; the plugin was killed (Packer itself waits for it, and the build hangs). Watch ctx.Done() in long steps and pass ctx to what they call (--cancel-timeout changes the deadline)", method, timeout)
	}
	if c.CancelledAt.IsZero() {
		how := "succeeded"
		if err != nil {
			how = "failed (" + errorText(err) + ")"
		}
		return skipf("%s %s in %v, before it could be cancelled: there was nothing to cancel", method, how, c.Duration().Round(time.Millisecond))
	}
	if lat := c.CancelLatency(); lat > timeout {
		return failf("%s returned %v after the cancel, more than the %v deadline", method, lat.Round(time.Millisecond), timeout)
	}
	t.Notef("%s returned %v after the cancel", method, c.CancelLatency().Round(time.Millisecond))
	return nil
}

// closeOnce closes ch the first time it is called, from any goroutine.
func closeOnce(ch chan struct{}) func() {
	var once sync.Once
	return func() { once.Do(func() { close(ch) }) }
}

func joinLines(prefix string, items []string) string {
	return prefix + strings.Join(items, "\n"+prefix)
}
