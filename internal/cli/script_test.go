package cli_test

import (
	"os"
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
				}
			}
			return nil
		},
	})
}
