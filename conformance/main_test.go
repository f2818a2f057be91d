package conformance

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
)

// The misbehaving plugin is built once per test binary; describe variants
// (-ldflags) are built on first use. The fast lane (-short) builds none.
var (
	testBinPath string
	buildDir    string

	variantMu   sync.Mutex
	variantBins = map[string]string{}
)

func TestMain(m *testing.M) {
	code, err := runTests(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	os.Exit(code)
}

func runTests(m *testing.M) (int, error) {
	// The SDK's RPC client logs through the standard logger; Packer shows
	// it only with PACKER_LOG=1, and so do these tests.
	if os.Getenv("PACKER_LOG") == "" {
		log.SetOutput(io.Discard)
	}
	dir, err := os.MkdirTemp("", "conformance-test-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(dir)
	buildDir = dir
	flag.Parse()
	if !testing.Short() {
		testBinPath = filepath.Join(dir, "packer-plugin-misbehave")
		if err := goBuild(testBinPath); err != nil {
			return 0, err
		}
	}
	code := m.Run()
	if l := harness.Leftovers(); !l.Empty() {
		fmt.Fprintf(os.Stderr, "left behind after the tests: processes %v, folders %v\n", l.PIDs, l.Paths)
		return 1, nil
	}
	return code, nil
}

// testBin returns the misbehaving plugin; under -short the test is skipped,
// since the fast lane starts no plugin process.
func testBin(tb testing.TB) string {
	tb.Helper()
	skipShort(tb, "starts the misbehave plugin")
	return testBinPath
}

// skipShort skips a test that starts a process the fast lane (-short) does
// not: a plugin, Packer, or a build.
func skipShort(tb testing.TB, why string) {
	tb.Helper()
	if testing.Short() {
		tb.Skip("-short: " + why)
	}
}

func misbehaveDir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "testdata", "plugins", "misbehave")
}

func goBuild(out string, ldflags ...string) error {
	args := []string{"build", "-o", out}
	if len(ldflags) > 0 {
		args = append(args, "-ldflags", ldflags[0])
	}
	cmd := exec.Command("go", append(args, ".")...)
	cmd.Dir = misbehaveDir()
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("building the misbehave plugin: %v\n%s", err, b)
	}
	return nil
}

// variantBin builds the plugin with a describe variant under name.
func variantBin(t testing.TB, variant, name string) string {
	t.Helper()
	return buildWith(t, "-X main.confDescribeVariant="+variant, name)
}

// buildWith builds the plugin with ldflags as name, once per test binary.
func buildWith(t testing.TB, ldflags, name string) string {
	t.Helper()
	skipShort(t, "builds the misbehave plugin")
	variantMu.Lock()
	defer variantMu.Unlock()
	key := ldflags + "/" + name
	if b, ok := variantBins[key]; ok {
		return b
	}
	out := filepath.Join(buildDir, fmt.Sprintf("v%d", len(variantBins)), name)
	if err := goBuild(out, ldflags); err != nil {
		t.Fatal(err)
	}
	variantBins[key] = out
	return out
}

// toolBin builds packer-plugin-dev itself, once, for the repros that run
// its hidden world command.
func toolBin(t testing.TB) string {
	t.Helper()
	skipShort(t, "builds packer-plugin-dev")
	toolOnce.Do(func() {
		out := filepath.Join(buildDir, "tool", "packer-plugin-dev")
		cmd := exec.Command("go", "build", "-o", out, "./cmd/packer-plugin-dev")
		cmd.Dir = filepath.Join(misbehaveDir(), "..", "..", "..")
		if b, err := cmd.CombinedOutput(); err != nil {
			toolErr = fmt.Errorf("building packer-plugin-dev: %v\n%s", err, b)
			return
		}
		toolPath = out
	})
	if toolErr != nil {
		t.Fatal(toolErr)
	}
	return toolPath
}

var (
	toolOnce sync.Once
	toolPath string
	toolErr  error
)

func testContext(t testing.TB) context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	return ctx
}

func readDoc() (string, error) {
	b, err := os.ReadFile(filepath.Join(misbehaveDir(), "..", "..", "..", "docs", "checks.md"))
	return string(b), err
}
