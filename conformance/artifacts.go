package conformance

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/packer-plugin-dev/packer-plugin-dev/conformance/sample"
	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
)

// Artifacts in scenarios: the input a post-processor gets, what core
// passes as build values, and the files an artifact lists (gone, left,
// changed), judged where the plugin works.

// input is the input artifact a post-processor of this component gets:
// its sample block's input_artifact, else what artifice gives.
func (t *checkEnv) input() *sample.Input {
	if b := t.suite.sample.Block(t.Component); b != nil && b.Input != nil {
		return b.Input
	}
	return sample.DefaultInput()
}

// newInput creates a fresh input artifact in p's sandbox (removed by
// Close).
func (t *checkEnv) newInput(p *harness.Plugin, name string) (*harness.FileArtifact, error) {
	spec := t.input()
	a, err := harness.NewFileArtifact(filepath.Join(p.Sandbox().Artifacts, name), spec.Files)
	if err != nil {
		return nil, fmt.Errorf("creating the input artifact: %w", err)
	}
	a.SetBuilderID(spec.BuilderID)
	a.SetID(spec.ID)
	for k, v := range spec.State {
		a.SetState(k, v)
	}
	return a, nil
}

// generatedData is what core passes as build values.
func generatedData() map[string]any {
	return map[string]any{
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

func joinLines(prefix string, items []string) string {
	return prefix + strings.Join(items, "\n"+prefix)
}
