package harness

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/hashicorp/packer-plugin-sdk/packer"
)

// ArtifactBuilderID is the BuilderId of artifacts the harness creates.
const ArtifactBuilderID = "packer-plugin-dev.harness"

// FileArtifact is an input artifact backed by real files, as a builder's
// artifact would be. Destroy removes the files and is recorded.
type FileArtifact struct {
	dir       string
	files     []string
	state     map[string]any
	builderID string
	id        string

	mu        sync.Mutex
	destroyed int
}

var _ packer.Artifact = (*FileArtifact)(nil)

// NewFileArtifact writes files (relative name -> content) into dir, which
// it creates, and returns an artifact listing their absolute paths. Use a
// folder under Plugin.Sandbox().Artifacts so Close removes it.
func NewFileArtifact(dir string, files map[string][]byte) (*FileArtifact, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return nil, fmt.Errorf("artifact folder: %w", err)
	}
	a := &FileArtifact{dir: abs, state: map[string]any{}, builderID: ArtifactBuilderID, id: filepath.Base(abs)}
	for name, data := range files {
		if filepath.IsAbs(name) || strings.HasPrefix(filepath.Clean(name), "..") {
			return nil, fmt.Errorf("artifact file %q must be relative to %s", name, abs)
		}
		p := filepath.Join(abs, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return nil, fmt.Errorf("artifact file: %w", err)
		}
		a.files = append(a.files, p)
	}
	sort.Strings(a.files)
	return a, nil
}

// SetState sets what State(name) returns.
func (a *FileArtifact) SetState(name string, v any) { a.state[name] = v }

// SetBuilderID sets what BuilderId returns (ArtifactBuilderID by default):
// post-processors often accept only some builders' artifacts.
func (a *FileArtifact) SetBuilderID(id string) { a.builderID = id }

// SetID sets what Id returns (the folder's name by default).
func (a *FileArtifact) SetID(id string) { a.id = id }

// BuilderId, Id and State return what was set; Files lists the absolute
// paths.
func (a *FileArtifact) BuilderId() string { return a.builderID }
func (a *FileArtifact) Files() []string   { return append([]string(nil), a.files...) }
func (a *FileArtifact) Id() string        { return a.id }
func (a *FileArtifact) String() string {
	return fmt.Sprintf("harness artifact with %d file(s) in %s", len(a.files), a.dir)
}
func (a *FileArtifact) State(name string) any { return a.state[name] }

// Destroy removes the artifact's files.
func (a *FileArtifact) Destroy() error {
	a.mu.Lock()
	a.destroyed++
	a.mu.Unlock()
	var firstErr error
	for _, f := range a.files {
		if err := os.Remove(f); err != nil && !os.IsNotExist(err) && firstErr == nil {
			firstErr = err
		}
	}
	return firstErr
}

// Destroyed reports whether Destroy was called; DestroyCount how often.
func (a *FileArtifact) Destroyed() bool { return a.DestroyCount() > 0 }

// DestroyCount is how many times Destroy was called.
func (a *FileArtifact) DestroyCount() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.destroyed
}

// Missing lists the artifact's files that no longer exist.
func (a *FileArtifact) Missing() []string {
	var out []string
	for _, f := range a.files {
		if _, err := os.Lstat(f); err != nil {
			out = append(out, f)
		}
	}
	return out
}
