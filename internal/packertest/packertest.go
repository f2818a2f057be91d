// Package packertest gives tests a real Packer binary, and Packer's own
// components served as a plugin: $PACKER_BIN and $PACKER_BUILTINS_BIN when
// set (scripts/test.sh sets them), else what scripts/packer.sh builds once
// from the Go module proxy into a cache folder outside the repository.
package packertest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
)

// built is a binary scripts/packer.sh builds once per test process.
type built struct {
	once sync.Once
	path string
	err  error
}

var packer, builtins built

// Binary returns the path of a Packer 1.16.0 binary, building it on first
// use. Tests should call it with t.Helper and fail on error: end-to-end
// tests must not silently skip.
func Binary() (string, error) { return packer.get("PACKER_BIN", "packer") }

// Builtins returns the path of packer-plugin-builtins: components built
// into Packer 1.16.0 served as one plugin (testdata/plugins/builtins),
// built on first use from the same module as Binary.
func Builtins() (string, error) { return builtins.get("PACKER_BUILTINS_BIN", "builtins") }

// get returns $env when set (scripts/test.sh sets it), else what
// `scripts/packer.sh what` prints.
func (b *built) get(env, what string) (string, error) {
	b.once.Do(func() {
		if p := os.Getenv(env); p != "" {
			b.path = p
			return
		}
		script, err := scriptPath()
		if err != nil {
			b.err = err
			return
		}
		cmd := exec.Command("bash", script, what)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			b.err = fmt.Errorf("building %s with %s: %v\n%s", what, script, err, stderr.String())
			return
		}
		b.path = strings.TrimSpace(string(out))
	})
	return b.path, b.err
}

// Env returns an environment for running Packer in isolation: plugins
// installed under pluginDir, no update checks, a private HOME.
func Env(pluginDir, home string) []string {
	env := []string{
		"PACKER_PLUGIN_PATH=" + pluginDir,
		"CHECKPOINT_DISABLE=1",
		"HOME=" + home,
		"PACKER_CONFIG_DIR=" + filepath.Join(home, ".config", "packer"),
	}
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "PATH", "TMPDIR", "GOCACHE", "GOMODCACHE", "GOPATH", "GOFLAGS", "GOPROXY", "PACKER_LOG":
			env = append(env, kv)
		}
	}
	return env
}

// scriptPath finds scripts/packer.sh from this source file's location.
func scriptPath() (string, error) {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return "", fmt.Errorf("cannot locate scripts/packer.sh: set PACKER_BIN (and PACKER_BUILTINS_BIN) to what it builds")
	}
	p := filepath.Join(filepath.Dir(file), "..", "..", "scripts", "packer.sh")
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("cannot find %s: set PACKER_BIN (and PACKER_BUILTINS_BIN) to what it builds", p)
	}
	return p, nil
}
