package cli_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/packer-plugin-dev/packer-plugin-dev/internal/cli"
)

// TestMain lets testscript run the real command line as "packer-plugin-dev"
// inside scripts, in a child process, exactly as a user would.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"packer-plugin-dev": func() { os.Exit(int(cli.Main())) },
	})
}

// TestScript runs every testdata/script/*.txtar. Each command's scripts are
// named after it (new_*.txtar, test_*.txtar, release_*.txtar, ...).
func TestScript(t *testing.T) {
	caches := goCaches(t)
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			// Scripts never have a terminal; CI=true makes that explicit
			// even where a pseudo-terminal is allocated.
			env.Setenv("CI", "true")
			env.Setenv("NO_COLOR", "1")
			// Go commands run by scripts share the developer's caches so
			// builds of generated plugins stay warm.
			for _, k := range []string{"GOCACHE", "GOMODCACHE", "GOPATH", "GOFLAGS", "GOPROXY", "PATH", "PACKER_BIN"} {
				if v := os.Getenv(k); v != "" {
					env.Setenv(k, v)
				} else if v := caches[k]; v != "" {
					env.Setenv(k, v)
				}
			}
			return nil
		},
	})
}

// goCaches asks the go tool where its caches are: scripts run with
// HOME=/no-home, so the defaults derived from HOME would be unusable.
func goCaches(t *testing.T) map[string]string {
	out, err := exec.Command("go", "env", "-json", "GOCACHE", "GOMODCACHE", "GOPATH").Output()
	if err != nil {
		t.Fatalf("go env: %v", err)
	}
	m := map[string]string{}
	if err := json.Unmarshal(out, &m); err != nil {
		t.Fatalf("go env -json: %v", err)
	}
	return m
}
