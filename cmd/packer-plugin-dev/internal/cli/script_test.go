package cli_test

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/rogpeppe/go-internal/txtar"

	"github.com/packer-plugin-dev/packer-plugin-dev/cmd/packer-plugin-dev/internal/cli"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/packertest"
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
	goEnv := goEnvironment(t)
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			// Scripts never have a terminal; CI=true makes that explicit
			// even where a pseudo-terminal is allocated.
			env.Setenv("CI", "true")
			env.Setenv("NO_COLOR", "1")
			env.Setenv("CHECKPOINT_DISABLE", "1")
			// Go commands run by scripts share the developer's caches, so
			// builds of generated plugins stay warm, and never hit the
			// network for what the module cache has.
			for k, v := range goEnv {
				env.Setenv(k, v)
			}
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exits":        cmdExits,
			"greet-plugin": cmdGreetPlugin,
			"real-packer":  cmdRealPacker,
		},
	})
}

// cmdRealPacker sets $PACKER_BIN to a real Packer 1.16.0, built on first
// use: only the scripts that run Packer pay for it.
func cmdRealPacker(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 0 {
		ts.Fatalf("usage: real-packer")
	}
	packer, err := packertest.Binary()
	ts.Check(err)
	ts.Setenv("PACKER_BIN", packer)
}

// cmdExits runs a command and asserts its exact exit code, which `exec` and
// `! exec` cannot: `exits 2 packer-plugin-dev new`.
func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits CODE command [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exits: %q is not an exit code", args[0])
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("exits: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited with %d, want %d", args[1], got, want)
	}
}

// greetFixture is the small SDK plugin the release tests build (its
// version package is internal/meta, so discovery is exercised); scripts get
// the same one instead of a copy each.
const greetFixture = "../../../../internal/release/testdata/greet.txtar"

// cmdGreetPlugin writes the greet plugin into $WORK/packer-plugin-greet,
// with a go.mod for github.com/acme/packer-plugin-greet (scripts tidy it).
func cmdGreetPlugin(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 0 {
		ts.Fatalf("usage: greet-plugin")
	}
	const module = "github.com/acme/packer-plugin-greet"
	ar, err := txtar.ParseFile(greetFixture)
	ts.Check(err)
	dir := ts.MkAbs("packer-plugin-greet")
	files := map[string]string{
		"go.mod": "module " + module + "\n\ngo 1.25.11\n\nrequire github.com/hashicorp/packer-plugin-sdk v0.6.10\n\n" +
			"replace github.com/zclconf/go-cty => github.com/nywilken/go-cty v1.13.3\n",
	}
	for _, f := range ar.Files {
		files[f.Name] = strings.ReplaceAll(string(f.Data), "MODULE", module)
	}
	for name, data := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		ts.Check(os.MkdirAll(filepath.Dir(path), 0o755))
		ts.Check(os.WriteFile(path, []byte(data), 0o644))
	}
}

var (
	goEnvOnce sync.Once
	goEnvVals map[string]string
)

// goEnvironment reads the Go settings scripts need from `go env`, because
// testscript gives each script a HOME where no cache can be found.
func goEnvironment(t *testing.T) map[string]string {
	goEnvOnce.Do(func() {
		keys := []string{"GOCACHE", "GOMODCACHE", "GOPATH", "GOPROXY", "GOFLAGS", "GOTOOLCHAIN"}
		out, err := exec.Command("go", append([]string{"env"}, keys...)...).Output()
		if err != nil {
			t.Fatalf("go env: %v", err)
		}
		goEnvVals = map[string]string{}
		for i, v := range strings.Split(strings.TrimRight(string(out), "\n"), "\n") {
			if i < len(keys) && v != "" {
				goEnvVals[keys[i]] = v
			}
		}
		goEnvVals["GOTOOLCHAIN"] = "local"
	})
	return goEnvVals
}
