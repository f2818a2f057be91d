// Package packertest gives tests a real Packer binary: $PACKER_BIN when set
// (scripts/test.sh sets it), else the one scripts/packer.sh builds once from
// the Go module proxy into a cache folder outside the repository.
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

var (
	once   sync.Once
	binary string
	err    error
)

// Binary returns the path of a Packer 1.16.0 binary, building it on first
// use. Tests should call it with t.Helper and fail on error: end-to-end
// tests must not silently skip.
func Binary() (string, error) {
	once.Do(func() {
		if b := os.Getenv("PACKER_BIN"); b != "" {
			binary = b
			return
		}
		var script string
		script, err = scriptPath()
		if err != nil {
			return
		}
		cmd := exec.Command("bash", script)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, runErr := cmd.Output()
		if runErr != nil {
			err = fmt.Errorf("building Packer with %s: %v\n%s", script, runErr, stderr.String())
			return
		}
		binary = strings.TrimSpace(string(out))
	})
	return binary, err
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
		return "", fmt.Errorf("cannot locate scripts/packer.sh: set PACKER_BIN to a Packer 1.16.0 binary")
	}
	p := filepath.Join(filepath.Dir(file), "..", "..", "scripts", "packer.sh")
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("cannot find %s: set PACKER_BIN to a Packer 1.16.0 binary", p)
	}
	return p, nil
}
